import { defineError, type ApiError, type ApiErrorClass } from '../../errors/api-error.js'

// The codes of the security stage (PyMacaron's for JWT). Each 401 and 403 carries a
// WWW-Authenticate header (RFC 7235 §4.1, RFC 6750 §3), built by `refuse` below.
export const AuthorizationHeaderMissing = defineError('AUTHORIZATION_HEADER_MISSING', 401, 'No credentials were sent for an operation that requires them (no Authorization header, or one with another scheme).')
export const TokenInvalid = defineError('TOKEN_INVALID', 401, 'The bearer token is malformed, badly signed, or fails a check (audience, issuer, not yet valid, issued in the future, algorithm, key id).')
export const TokenExpired = defineError('TOKEN_EXPIRED', 401, 'The bearer token has expired.')
export const Forbidden = defineError('FORBIDDEN', 403, 'The caller is authenticated but lacks a scope the operation requires.')
export const ApiKeyMissing = defineError('API_KEY_MISSING', 401, 'The operation requires an API key and none was sent where the spec says.')
export const ApiKeyInvalid = defineError('API_KEY_INVALID', 401, 'The API key was refused by the verify function.')
export const CredentialsInvalid = defineError('CREDENTIALS_INVALID', 401, 'HTTP Basic credentials are malformed or were refused by the verify function.')

/** Why one scheme let nobody in. The highest rank among the alternatives is what the client sees. */
export interface Refusal {
  rank: Rank
  error: ApiErrorClass
  description: string
  /** The scheme whose challenge carries `params` (RFC 6750 error, error_description, scope). */
  challenge: Challenger
  params?: Record<string, string>
  cause?: unknown
}

/** Nothing sent < something sent and refused < valid but not allowed < our side failed. */
export const Rank = { Missing: 0, Invalid: 1, Forbidden: 2, Unavailable: 3 } as const
export type Rank = (typeof Rank)[keyof typeof Rank]

/** Builds one challenge of a WWW-Authenticate header, e.g. `Bearer realm="profiles", error="invalid_token"`. */
export type Challenger = (params?: Record<string, string>) => string

export function challenger(scheme: string, base: Record<string, string>): Challenger {
  return (params) => {
    const all = { ...base, ...params }
    return `${scheme} ${Object.entries(all).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`).join(', ')}`
  }
}

/** The error for a refusal; the header names every scheme the operation accepts, the refusing one first. */
export function refuse(refusal: Refusal, others: Challenger[]): ApiError {
  const challenges = [refusal.challenge(refusal.params), ...others.filter((c) => c !== refusal.challenge).map((c) => c())]
  return new refusal.error(refusal.description, {
    headers: { 'www-authenticate': challenges.join(', ') },
    ...(refusal.cause !== undefined ? { cause: refusal.cause } : {}),
  })
}
