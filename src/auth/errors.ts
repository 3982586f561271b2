/**
 * Why a token was refused. The message is meant for the client developer: it names the check
 * that failed, never a key, a secret or the expected value of a claim.
 */
export type TokenProblem =
  | 'malformed'
  | 'too_long'
  | 'algorithm'
  | 'unknown_key'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'audience'
  | 'issuer'
  | 'claims'
  /** The keys could not be fetched (JWKS URL down): not the client's fault. */
  | 'keys_unavailable'

const MESSAGES: Record<TokenProblem, string> = {
  malformed: 'The token is not a well-formed JWT',
  too_long: 'The token is too long',
  algorithm: 'The token is signed with an algorithm this service does not accept',
  unknown_key: 'The token names a signing key (kid) this service does not know',
  signature: 'The token signature is invalid',
  expired: 'The token has expired',
  not_yet_valid: 'The token is not valid yet (nbf)',
  issued_in_future: 'The token is issued in the future (iat)',
  audience: 'The token is not meant for this service (aud)',
  issuer: 'The token is not from an issuer this service trusts (iss)',
  claims: 'The token lacks a required claim or has one of the wrong type',
  keys_unavailable: 'The keys to check the token cannot be fetched right now; retry later',
}

export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    options: { cause?: unknown; message?: string } = {},
  ) {
    super(options.message ?? MESSAGES[problem], options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'TokenError'
  }
}
