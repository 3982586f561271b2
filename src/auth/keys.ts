import { createPrivateKey, createPublicKey, createSecretKey, X509Certificate, type KeyObject } from 'node:crypto'
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'
import { allowList, familyOf, HMAC_ALGORITHMS } from './algorithms.js'

/** Where a key comes from, already read (the config layer reads files and secrets). */
export type KeySpec =
  | { kind: 'secret'; kid?: string; secret: Uint8Array; algorithms?: string[] }
  | { kind: 'pem'; kid?: string; publicPem: string; privatePem?: string; algorithms?: string[] }
  | { kind: 'jwks'; jwks: JSONWebKeySet; algorithms?: string[] }
  | { kind: 'jwks_url'; url: URL; algorithms?: string[]; cacheMaxAgeMs?: number; cooldownMs?: number; timeoutMs?: number }

/** A key ready to verify with, and to sign with when it holds private material. */
export interface VerificationKey {
  /** Tokens naming another kid skip this key; undefined matches any. JWKS match kid themselves. */
  kid: string | undefined
  algorithms: string[]
  key: KeyObject | JWTVerifyGetKey
  /** True for a JWK set: jose picks the key inside it by kid and alg. */
  isSet: boolean
  signing?: { key: KeyObject; alg: string; kid: string | undefined }
}

/** The shortest HMAC secret accepted: RFC 7518 §3.2 wants at least the hash size (256 bits for HS256). */
export const MIN_SECRET_BYTES = 32

export function buildKey(spec: KeySpec, where: string): VerificationKey {
  switch (spec.kind) {
    case 'secret': {
      if (spec.secret.byteLength < MIN_SECRET_BYTES) {
        throw new Error(`${where}: the secret is ${spec.secret.byteLength} bytes; HMAC keys need at least ${MIN_SECRET_BYTES}`)
      }
      const key = createSecretKey(spec.secret)
      const algorithms = allowList(HMAC_ALGORITHMS, spec.algorithms, where)
      return { kid: spec.kid, algorithms, key, isSet: false, signing: { key, alg: algorithms[0]!, kid: spec.kid } }
    }
    case 'pem': {
      const key = parse(() => publicKeyOf(spec.publicPem), where, 'public key')
      const algorithms = allowList(familyOf(key), spec.algorithms, where)
      const built: VerificationKey = { kid: spec.kid, algorithms, key, isSet: false }
      if (spec.privatePem !== undefined) {
        const privateKey = parse(() => createPrivateKey(spec.privatePem!), where, 'private key')
        built.signing = { key: privateKey, alg: algorithms[0]!, kid: spec.kid }
      }
      return built
    }
    case 'jwks': {
      if (!Array.isArray(spec.jwks.keys)) throw new Error(`${where}: not a JWK set (no "keys" array)`)
      return { kid: undefined, algorithms: setAlgorithms(spec.algorithms), key: createLocalJWKSet(spec.jwks), isSet: true }
    }
    case 'jwks_url': {
      // jose caches the set, refetches it when a token names a kid it lacks (after the
      // cooldown, so unknown kids cannot make us hammer the issuer), and expires it after cacheMaxAge.
      const key = createRemoteJWKSet(spec.url, {
        ...(spec.cacheMaxAgeMs !== undefined ? { cacheMaxAge: spec.cacheMaxAgeMs } : {}),
        ...(spec.cooldownMs !== undefined ? { cooldownDuration: spec.cooldownMs } : {}),
        ...(spec.timeoutMs !== undefined ? { timeoutDuration: spec.timeoutMs } : {}),
      })
      return { kid: undefined, algorithms: setAlgorithms(spec.algorithms), key, isSet: true }
    }
  }
}

/**
 * A JWK set holds asymmetric keys of any family; jose checks each key against the token's
 * alg. Symmetric algorithms are left out unless asked for, since JWKS are meant to be public.
 */
function setAlgorithms(configured: string[] | undefined): string[] {
  return configured ?? ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']
}

function parse(read: () => KeyObject, where: string, what: string): KeyObject {
  try {
    return read()
  } catch (error) {
    throw new Error(`${where}: cannot read the ${what} (${(error as Error).message})`)
  }
}

/** An SPKI public key, or the key of an X.509 certificate (what many issuers publish). */
function publicKeyOf(pem: string): KeyObject {
  return pem.includes('-----BEGIN CERTIFICATE-----') ? new X509Certificate(pem).publicKey : createPublicKey(pem)
}
