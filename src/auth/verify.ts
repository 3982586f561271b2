import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose'
import { SUPPORTED_ALGORITHMS } from './algorithms.js'
import { TokenError, type TokenProblem } from './errors.js'
import type { VerificationKey } from './keys.js'

export interface VerifierOptions {
  keys: VerificationKey[]
  issuer?: string | string[]
  audience?: string | string[]
  /** Clock skew tolerated on exp, nbf and iat, in seconds. */
  leewaySeconds: number
  /** Longer tokens are refused before any decoding. */
  maxTokenLength: number
}

export interface VerifiedToken {
  claims: JWTPayload & { sub: string }
  header: ProtectedHeaderParameters
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>

// Three base64url segments (the signature may not be empty: that is how `alg: none` tokens end).
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

/**
 * Checks a compact JWT: shape and length first (cheap, no crypto), then the header's alg
 * against the allow-lists, then the signature with each key that may have made it, then
 * the claims. Every refusal is a TokenError; nothing an attacker sends makes it throw anything else.
 */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const { keys, leewaySeconds, maxTokenLength } = options
  const claimChecks = {
    clockTolerance: leewaySeconds,
    requiredClaims: ['exp', 'sub'],
    ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
  }
  return async (token) => {
    if (token.length > maxTokenLength) throw new TokenError('too_long')
    if (!COMPACT_JWS.test(token)) throw new TokenError('malformed')
    let header: ProtectedHeaderParameters
    try {
      header = decodeProtectedHeader(token)
    } catch (cause) {
      throw new TokenError('malformed', { cause })
    }
    const { alg, kid } = header
    if (typeof alg !== 'string' || !SUPPORTED_ALGORITHMS.includes(alg)) throw new TokenError('algorithm')
    if (kid !== undefined && typeof kid !== 'string') throw new TokenError('malformed')
    const candidates = keys.filter((k) => k.algorithms.includes(alg) && (k.isSet || k.kid === undefined || kid === undefined || k.kid === kid))
    if (candidates.length === 0) throw new TokenError(keys.some((k) => k.algorithms.includes(alg)) ? 'unknown_key' : 'algorithm')
    let firstRefusal: TokenError | undefined
    for (const candidate of candidates) {
      try {
        // jose's overloads split key objects from key functions; one call site serves both.
        const { payload } = await jwtVerify(token, candidate.key as Parameters<typeof jwtVerify>[1] & object, { ...claimChecks, algorithms: candidate.algorithms })
        return { claims: checkClaims(payload, leewaySeconds), header }
      } catch (error) {
        const refusal = translate(error, candidate.isSet)
        // Another key may still verify the token; a wrong claim is final.
        if (refusal.problem !== 'signature' && refusal.problem !== 'unknown_key') throw refusal
        firstRefusal ??= refusal
      }
    }
    throw firstRefusal!
  }
}

/** jose checks iat only with maxTokenAge; a token issued in the future is refused here. */
function checkClaims(payload: JWTPayload, leewaySeconds: number): JWTPayload & { sub: string } {
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + leewaySeconds) throw new TokenError('issued_in_future')
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('claims', { message: "The token's sub claim is missing or invalid" })
  return payload as JWTPayload & { sub: string }
}

const BY_CLAIM: Record<string, TokenProblem> = { nbf: 'not_yet_valid', iss: 'issuer', aud: 'audience', iat: 'issued_in_future' }

function translate(error: unknown, fromSet: boolean): TokenError {
  if (error instanceof TokenError) return error
  if (error instanceof errors.JWTExpired) return new TokenError('expired', { cause: error })
  if (error instanceof errors.JWTClaimValidationFailed) {
    const problem = error.reason === 'check_failed' ? BY_CLAIM[error.claim] : undefined
    return problem ? new TokenError(problem, { cause: error }) : new TokenError('claims', { cause: error, message: `The token's ${error.claim} claim is missing or invalid` })
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenError('signature', { cause: error })
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError('algorithm', { cause: error })
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenError('unknown_key', { cause: error })
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return new TokenError('keys_unavailable', { cause: error })
  // jose reports a JWKS endpoint answering other than 200 JSON with its generic error.
  if (fromSet && error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') return new TokenError('keys_unavailable', { cause: error })
  if (error instanceof errors.JOSEError) return new TokenError('malformed', { cause: error })
  // A remote key set fails with fetch's own errors when the issuer is unreachable.
  return new TokenError(fromSet ? 'keys_unavailable' : 'malformed', { cause: error })
}
