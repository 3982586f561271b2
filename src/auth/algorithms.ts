import type { KeyObject } from 'node:crypto'

// The JWS algorithms each kind of key may verify. A key only ever verifies the algorithms of
// its own family, whatever the token's header says: that is what defeats key confusion
// (an HS256 token "signed" with an RSA public key taken as an HMAC secret).
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const
export const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const
const EC_BY_CURVE: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }
const OKP_ALGORITHMS = ['EdDSA', 'Ed25519']

/** Every algorithm Macaron verifies; `none` is never one of them. */
export const SUPPORTED_ALGORITHMS: readonly string[] = [...HMAC_ALGORITHMS, ...RSA_ALGORITHMS, 'ES256', 'ES384', 'ES512', ...OKP_ALGORITHMS]

/** The algorithms an asymmetric key can verify, from its type (and curve). */
export function familyOf(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return [...RSA_ALGORITHMS]
    case 'ec': {
      const alg = EC_BY_CURVE[key.asymmetricKeyDetails?.namedCurve ?? '']
      return alg ? [alg] : []
    }
    case 'ed25519':
      return [...OKP_ALGORITHMS]
    default:
      return []
  }
}

/**
 * The allow-list of a key: the configured one, which must stay inside the key's family, or
 * the whole family. Throws (at start-up) when the configuration asks for the impossible.
 */
export function allowList(family: readonly string[], configured: string[] | undefined, where: string): string[] {
  if (family.length === 0) throw new Error(`${where}: this kind of key is not supported for JWT signatures`)
  if (configured === undefined) return [...family]
  const foreign = configured.filter((alg) => !family.includes(alg))
  if (foreign.length > 0) throw new Error(`${where}: algorithms ${foreign.join(', ')} cannot be used with this key (it can do ${family.join(', ')})`)
  return configured
}
