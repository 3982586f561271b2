import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { JSONWebKeySet } from 'jose'
import type { JwtConfig, JwtKeyConfig } from '../config/security.js'
import { buildKey, type KeySpec, type VerificationKey } from './keys.js'
import { createTokenSigner, type TokenSigner } from './sign.js'
import { createTokenVerifier, type TokenVerifier } from './verify.js'

export interface JwtSetup {
  verify: TokenVerifier
  /** Undefined when no key can sign (only public keys or JWKS). */
  sign: TokenSigner | undefined
  /** The cookie that may carry the token when no Authorization header is sent. */
  cookie: string | undefined
}

/** Reads the keys named in the `jwt` section (files relative to the project) and builds both sides. */
export function jwtFromConfig(jwt: JwtConfig, secrets: Record<string, string>, dir: string): JwtSetup {
  const keys = jwt.keys.map((key, index) => buildKey(keySpecOf(key, secrets, dir), `jwt.keys[${index}]`))
  return {
    verify: createTokenVerifier({
      keys,
      leewaySeconds: jwt.leeway_s,
      maxTokenLength: jwt.max_token_length,
      ...(jwt.issuer !== undefined ? { issuer: jwt.issuer } : {}),
      ...(jwt.audience !== undefined ? { audience: jwt.audience } : {}),
    }),
    sign: signerOf(keys, jwt),
    cookie: jwt.cookie,
  }
}

function signerOf(keys: VerificationKey[], jwt: JwtConfig): TokenSigner | undefined {
  // A token must pass our own checks, so it is issued for the first accepted issuer and audience.
  const issuer = Array.isArray(jwt.issuer) ? jwt.issuer[0] : jwt.issuer
  const audience = Array.isArray(jwt.audience) ? jwt.audience[0] : jwt.audience
  return createTokenSigner(keys, { expiresIn: jwt.expires_in_s, ...(issuer !== undefined ? { issuer } : {}), ...(audience !== undefined ? { audience } : {}) })
}

function keySpecOf(key: JwtKeyConfig, secrets: Record<string, string>, dir: string): KeySpec {
  const where = (field: string) => `jwt.keys: ${field}`
  const common = { ...(key.algorithms ? { algorithms: key.algorithms } : {}) }
  const kid = key.kid !== undefined ? { kid: key.kid } : {}
  if (key.secret !== undefined) {
    // load.ts has already checked that the name is in env_secrets, so the value is set.
    const value = secrets[key.secret]
    if (value === undefined) throw new Error(`${where('secret')} ${key.secret} is not among the loaded env_secrets`)
    return { kind: 'secret', secret: new TextEncoder().encode(value), ...kid, ...common }
  }
  if (key.public_key !== undefined) {
    const privatePem = key.private_key !== undefined ? read(dir, key.private_key, where('private_key')) : undefined
    return { kind: 'pem', publicPem: read(dir, key.public_key, where('public_key')), ...(privatePem !== undefined ? { privatePem } : {}), ...kid, ...common }
  }
  if (key.jwks_file !== undefined) {
    const text = read(dir, key.jwks_file, where('jwks_file'))
    try {
      return { kind: 'jwks', jwks: JSON.parse(text) as JSONWebKeySet, ...common }
    } catch (error) {
      throw new Error(`${where('jwks_file')} ${key.jwks_file} is not JSON (${(error as Error).message})`)
    }
  }
  const url = new URL(key.jwks_url!)
  // Keys fetched in clear text could be swapped by anyone on the path; only loopback may skip TLS.
  if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    throw new Error(`${where('jwks_url')} must use https (plain http is only accepted for localhost)`)
  }
  return { kind: 'jwks_url', url, cacheMaxAgeMs: key.cache_max_age_s * 1000, cooldownMs: key.cooldown_s * 1000, timeoutMs: key.timeout_ms, ...common }
}

function read(dir: string, file: string, where: string): string {
  try {
    return readFileSync(resolve(dir, file), 'utf8')
  } catch (error) {
    throw new Error(`${where} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
}
