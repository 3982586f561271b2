import type { User } from '../handler-types.js'
import { Forbidden, Rank, refuse, type Refusal } from './errors.js'
import type { CompiledScheme } from './schemes.js'
import type { SecurityRequest } from './types.js'

/** An OpenAPI security requirement object: scheme name → required scopes. */
export type Requirement = Record<string, string[]>

/** The caller, undefined when the operation lets anonymous callers in; throws the refusal otherwise. */
export type Authenticate = (request: SecurityRequest) => Promise<User | undefined>

/**
 * Compiles an operation's requirements, once: OR between the objects of the list, AND between
 * the schemes inside one. Undefined when nothing is required (`security: []` or none), so
 * those operations pay nothing at all. `{}` in the list admits anonymous callers, but a
 * credential that is sent and refused still fails: a client with a bad token should hear so.
 */
export function compileRequirements(requirements: Requirement[] | undefined, schemeOf: (name: string) => CompiledScheme): Authenticate | undefined {
  if (!requirements || requirements.length === 0) return undefined
  const anonymous = requirements.some((r) => Object.keys(r).length === 0)
  const alternatives = requirements
    .filter((r) => Object.keys(r).length > 0)
    .map((r) => Object.entries(r).map(([name, scopes]) => ({ scheme: schemeOf(name), scopes: scopes ?? [] })))
  if (alternatives.length === 0) return undefined
  const challenges = [...new Set(alternatives.flat().map((a) => a.scheme.challenge))]

  return async (request) => {
    // A scheme named in several alternatives is checked once per request.
    const seen = new Map<CompiledScheme, Promise<User | Refusal>>()
    let worst: Refusal | undefined
    for (const alternative of alternatives) {
      let user: User | undefined
      let failed: Refusal | undefined
      for (const { scheme, scopes } of alternative) {
        let pending = seen.get(scheme)
        if (!pending) seen.set(scheme, (pending = scheme.identify(request)))
        const result = await pending
        failed = isRefusal(result) ? result : lackingScopes(result, scopes, scheme)
        if (failed) break
        user ??= result as User
      }
      if (!failed) return user
      if (!worst || failed.rank > worst.rank) worst = failed
    }
    if (anonymous && worst!.rank === Rank.Missing) return undefined
    throw refuse(worst!, challenges)
  }
}

function lackingScopes(user: User, required: string[], scheme: CompiledScheme): Refusal | undefined {
  if (required.length === 0) return undefined
  const lacking = required.filter((s) => !user.scopes.includes(s))
  if (lacking.length === 0) return undefined
  const description = `This operation requires the scope${lacking.length > 1 ? 's' : ''} ${lacking.join(' ')}`
  return {
    rank: Rank.Forbidden,
    error: Forbidden,
    description,
    challenge: scheme.challenge,
    params: { error: 'insufficient_scope', error_description: description, scope: required.join(' ') },
  }
}

function isRefusal(result: User | Refusal): result is Refusal {
  return 'rank' in result
}
