import type { JwtSetup } from '../../auth/from-config.js'
import { TokenError } from '../../auth/errors.js'
import { ServiceUnavailable } from '../../errors/http-errors.js'
import type { JsonObject } from '../../spec/types.js'
import { basicCredentials, bearerToken, cookieValue, headerValue, queryValue, type Found } from './credentials.js'
import { ApiKeyInvalid, ApiKeyMissing, AuthorizationHeaderMissing, challenger, CredentialsInvalid, Rank, TokenExpired, TokenInvalid, type Challenger, type Refusal } from './errors.js'
import type { ApiKeyVerifier, BasicVerifier, Identify, SecurityRequest, User, Verified, VerifyFunction } from './types.js'

export interface SchemeDeps {
  realm: string
  jwt: JwtSetup | undefined
  verify: VerifyFunction | undefined
}

export interface CompiledScheme {
  identify: Identify
  challenge: Challenger
}

type SchemeCompiler = (name: string, scheme: JsonObject, deps: SchemeDeps) => CompiledScheme

/** A scheme the stage cannot enforce (mutualTLS, http digest ...), or one lacking its key or verify function. */
export class SchemeError extends Error {}

// Keyed by the spec's own words: `type`, and for http its `scheme`.
const COMPILERS: Record<string, SchemeCompiler> = {
  'http:bearer': bearer,
  oauth2: bearer,
  openIdConnect: bearer,
  'http:basic': basic,
  apiKey,
}

export function compileScheme(name: string, scheme: JsonObject, deps: SchemeDeps): CompiledScheme {
  const type = String(scheme.type)
  const key = type === 'http' ? `http:${String(scheme.scheme ?? '').toLowerCase()}` : type
  const compile = COMPILERS[key]
  if (!compile) throw new SchemeError(`security scheme ${name}: ${key.replace(':', ' ')} is not supported (supported: http bearer, http basic, apiKey, oauth2, openIdConnect)`)
  return compile(name, scheme, deps)
}

function bearer(name: string, _scheme: JsonObject, { realm, jwt }: SchemeDeps): CompiledScheme {
  if (!jwt) throw new SchemeError(`security scheme ${name} takes JWT bearer tokens, but macaron.yaml has no jwt section with keys`)
  const { verify, cookie } = jwt
  const challenge = challenger('Bearer', { realm })
  const missing = cookie === undefined ? "This operation needs an 'Authorization: Bearer <token>' header" : `This operation needs an 'Authorization: Bearer <token>' header or a ${cookie} cookie`
  return {
    challenge,
    identify: async (request) => {
      const found = bearerToken(request.headers, cookie)
      if (found.kind !== 'found') return refusal(found, AuthorizationHeaderMissing, TokenInvalid, missing, challenge, true)
      try {
        const { claims } = await verify(found.value)
        return { id: claims.sub, claims, scopes: scopesOf(claims), scheme: name, token: found.value }
      } catch (error) {
        if (!(error instanceof TokenError)) throw error
        if (error.problem === 'keys_unavailable') return { rank: Rank.Unavailable, error: ServiceUnavailable, description: error.message, challenge, cause: error.cause ?? error }
        const params = { error: 'invalid_token', error_description: error.message }
        return { rank: Rank.Invalid, error: error.problem === 'expired' ? TokenExpired : TokenInvalid, description: error.message, challenge, params, cause: error }
      }
    },
  }
}

function basic(name: string, _scheme: JsonObject, deps: SchemeDeps): CompiledScheme {
  const verify = requireVerify(name, deps) as BasicVerifier
  const challenge = challenger('Basic', { realm: deps.realm, charset: 'UTF-8' })
  return {
    challenge,
    identify: async (request) => {
      const found = basicCredentials(request.headers)
      if (found.kind !== 'found') return refusal(found, AuthorizationHeaderMissing, CredentialsInvalid, "This operation needs an 'Authorization: Basic ...' header", challenge)
      const verified = await verify(found.value.username, found.value.password, { scheme: name, request })
      return userOf(verified, name) ?? { rank: Rank.Invalid, error: CredentialsInvalid, description: 'The username or password is not valid', challenge }
    },
  }
}

function apiKey(name: string, scheme: JsonObject, deps: SchemeDeps): CompiledScheme {
  const verify = requireVerify(name, deps) as ApiKeyVerifier
  const where = String(scheme.in)
  const keyName = String(scheme.name)
  const read: ((request: SecurityRequest) => Found) | undefined =
    where === 'header' ? (r) => headerValue(r.headers, keyName) : where === 'query' ? (r) => queryValue(r.url, keyName) : where === 'cookie' ? (r) => cookieValue(r.headers, keyName) : undefined
  if (!read) throw new SchemeError(`security scheme ${name}: apiKey 'in: ${where}' must be header, query or cookie`)
  // No registered HTTP scheme exists for API keys; this challenge tells a client where to put one.
  const challenge = challenger('ApiKey', { realm: deps.realm, in: where, name: keyName })
  return {
    challenge,
    identify: async (request) => {
      const found = read(request)
      if (found.kind !== 'found') return refusal(found, ApiKeyMissing, ApiKeyInvalid, `This operation needs an API key in the ${where} ${keyName}`, challenge)
      const verified = await verify(found.value, { scheme: name, request })
      return userOf(verified, name) ?? { rank: Rank.Invalid, error: ApiKeyInvalid, description: 'The API key is not valid', challenge }
    },
  }
}

function refusal(found: Found<unknown>, missing: Refusal['error'], invalid: Refusal['error'], missingText: string, challenge: Challenger, rfc6750 = false): Refusal {
  if (found.kind === 'absent') return { rank: Rank.Missing, error: missing, description: missingText, challenge }
  const description = found.kind === 'malformed' ? found.description : missingText
  return { rank: Rank.Invalid, error: invalid, description, challenge, ...(rfc6750 ? { params: { error: 'invalid_token', error_description: description } } : {}) }
}

function requireVerify(name: string, deps: SchemeDeps): VerifyFunction {
  if (!deps.verify) throw new SchemeError(`security scheme ${name} needs a verify function: name it under security.verify.${name} in macaron.yaml (path#export)`)
  return deps.verify
}

/** A verify function's answer as a User; undefined when it refused. Anything else is a bug in it. */
function userOf(verified: Verified, scheme: string): User | undefined {
  if (verified === null || verified === undefined || verified === false || verified === '') return undefined
  if (typeof verified === 'string') return { id: verified, claims: {}, scopes: [], scheme }
  if (typeof verified === 'object' && typeof verified.id === 'string' && verified.id !== '') {
    return { id: verified.id, claims: verified.claims ?? {}, scopes: verified.scopes ?? [], scheme }
  }
  throw new TypeError(`the verify function of security scheme ${scheme} must return a user id, { id, claims?, scopes? }, or a falsy value to refuse`)
}

/** OAuth scopes: `scope` is space-separated (RFC 8693 §4.2); `scp` is a list (Azure AD, Okta). */
function scopesOf(claims: Record<string, unknown>): string[] {
  const scopes = new Set<string>()
  if (typeof claims.scope === 'string') for (const s of claims.scope.split(' ')) if (s) scopes.add(s)
  const scp = claims.scp
  if (Array.isArray(scp)) for (const s of scp) if (typeof s === 'string') scopes.add(s)
  if (typeof scp === 'string') for (const s of scp.split(' ')) if (s) scopes.add(s)
  return [...scopes]
}
