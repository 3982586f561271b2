import type { User } from '../handler-types.js'

/** What the security stage reads from a request: a Fastify request, or a plain object in tests. */
export interface SecurityRequest {
  headers: Record<string, string | string[] | undefined>
  url: string
}

/** What a verify function returns: a user id, a user, or a falsy value to refuse. */
export type Verified = string | { id: string; claims?: Record<string, unknown>; scopes?: string[] } | null | undefined | false

export interface VerifyInfo {
  /** The security scheme's name in the spec. */
  scheme: string
  request: SecurityRequest
}

/** Checks an API key (apiKey schemes). Compare secrets with crypto.timingSafeEqual. */
export type ApiKeyVerifier = (key: string, info: VerifyInfo) => Verified | Promise<Verified>

/** Checks HTTP Basic credentials. Compare secrets with crypto.timingSafeEqual. */
export type BasicVerifier = (username: string, password: string, info: VerifyInfo) => Verified | Promise<Verified>

export type VerifyFunction = ApiKeyVerifier | BasicVerifier

/** Checks one scheme of a request: who the caller is, or why nobody. Scopes are checked apart. */
export type Identify = (request: SecurityRequest) => Promise<User | import('./errors.js').Refusal>

export type { User }
