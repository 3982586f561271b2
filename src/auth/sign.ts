import { SignJWT, type JWTPayload } from 'jose'
import type { VerificationKey } from './keys.js'

export interface TokenOptions {
  /** Seconds, or a jose time span such as '2h'; negative values make expired tokens (tests). */
  expiresIn?: number | string
  /** Extra claims. The registered ones (sub, iat, exp, iss, aud) are set from the other options. */
  data?: Record<string, unknown>
  audience?: string | string[]
  issuer?: string
}

export interface SignerDefaults {
  expiresIn: number | string
  issuer?: string
  audience?: string | string[]
}

export type TokenSigner = (userId: string, options?: TokenOptions) => Promise<string>

const REGISTERED = ['sub', 'iat', 'exp', 'iss', 'aud']

/** Signs tokens with the first key that holds signing material (an HMAC secret or a private key). */
export function createTokenSigner(keys: VerificationKey[], defaults: SignerDefaults): TokenSigner | undefined {
  const signing = keys.find((k) => k.signing !== undefined)?.signing
  if (!signing) return undefined
  return async (userId, options = {}) => {
    if (typeof userId !== 'string' || userId === '') throw new TypeError('generateToken: userId must be a non-empty string')
    const clash = Object.keys(options.data ?? {}).filter((k) => REGISTERED.includes(k))
    if (clash.length > 0) throw new TypeError(`generateToken: set ${clash.join(', ')} through the options, not data`)
    const expiresIn = options.expiresIn ?? defaults.expiresIn
    const now = Math.floor(Date.now() / 1000)
    const jwt = new SignJWT({ ...(options.data as JWTPayload | undefined) })
      .setProtectedHeader({ alg: signing.alg, typ: 'JWT', ...(signing.kid !== undefined ? { kid: signing.kid } : {}) })
      .setSubject(userId)
      .setIssuedAt(now)
      .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn)
    const issuer = options.issuer ?? defaults.issuer
    const audience = options.audience ?? defaults.audience
    if (issuer !== undefined) jwt.setIssuer(issuer)
    if (audience !== undefined) jwt.setAudience(audience)
    return jwt.sign(signing.key)
  }
}
