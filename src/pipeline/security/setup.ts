import type { JwtSetup } from '../../auth/from-config.js'
import { ConfigError } from '../../config/load.js'
import type { MacaronConfig } from '../../config/schema.js'
import { setDefaultSigner } from '../../context/index.js'
import type { JsonObject } from '../../spec/types.js'
import { bindFunction, BindingError } from '../bind.js'
import { deref } from '../deref.js'
import type { Operation } from '../operations.js'
import type { ProjectSource } from '../../client/project.js'
import { compileRequirements, type Authenticate } from './compile.js'
import { compileScheme, SchemeError, type CompiledScheme } from './schemes.js'
import { bindHooks, createGuard, type Guard } from './stage.js'
import type { VerifyFunction } from './types.js'

export interface Security {
  guards: Map<Operation, Guard>
  /** A bearer-token check for /auth/version; undefined when no jwt section is configured. */
  authenticateBearer: Authenticate | undefined
}

/**
 * Everything the security stage needs, built once at start-up: the JWT keys, the verify
 * functions, each operation's compiled requirements and hooks. Every problem is collected
 * and reported at once, so a service with a wrong setup never starts.
 */
export async function prepareSecurity(config: MacaronConfig, operations: Operation[], given: Record<string, VerifyFunction> = {}, project?: ProjectSource): Promise<Security> {
  const problems: string[] = []
  const jwt = await buildJwt(config, problems)
  setDefaultSigner(jwt?.sign)
  const verify = await bindVerifyFunctions(config, given, problems)
  const schemes = new Map<string, CompiledScheme>()
  const schemeFor = (op: Operation) => (name: string) => {
    const key = `${op.api.name}\u0000${name}`
    let compiled = schemes.get(key)
    if (!compiled) {
      const all = ((op.api.document.components as JsonObject | undefined)?.securitySchemes ?? {}) as JsonObject
      if (!Object.hasOwn(all, name)) throw new SchemeError(`security requirement names ${name}, which components.securitySchemes does not declare`)
      compiled = compileScheme(name, deref<JsonObject>(op.api.document, all[name]), { realm: config.name, jwt, verify: verify[name] })
      schemes.set(key, compiled)
    }
    return compiled
  }
  const guards = new Map<Operation, Guard>()
  const bindingProblems: string[] = []
  // One line per problem, naming the operations it affects: a scheme that hundreds of
  // operations use must not print hundreds of lines.
  const affected = new Map<string, string[]>()
  for (const op of operations) {
    let authenticate: Authenticate | undefined
    try {
      authenticate = compileRequirements(op.security, schemeFor(op))
    } catch (error) {
      if (!(error instanceof SchemeError)) throw error
      const ops = affected.get(error.message) ?? []
      ops.push(`${op.operationId} (${op.method} ${op.path})`)
      affected.set(error.message, ops)
    }
    guards.set(op, createGuard(authenticate, await bindHooks(op, config.dir, bindingProblems), jwt?.sign, project))
  }
  for (const [message, ops] of affected) problems.push(`${message}; ${ops.length === 1 ? 'operation' : `${ops.length} operations, e.g.`} ${ops.slice(0, 3).join(', ')}`)
  if (problems.length > 0) throw new ConfigError([...new Set(problems)])
  if (bindingProblems.length > 0) throw new BindingError(bindingProblems)
  const bearer = jwt ? compileScheme('jwt', { type: 'http', scheme: 'bearer' }, { realm: config.name, jwt, verify: undefined }) : undefined
  return { guards, authenticateBearer: bearer ? compileRequirements([{ jwt: [] }], () => bearer) : undefined }
}

async function buildJwt(config: MacaronConfig, problems: string[]): Promise<JwtSetup | undefined> {
  if (!config.jwt) return undefined
  // jose (46 modules, 25-50 ms of a start) is loaded only by a service with a jwt section.
  const { jwtFromConfig } = await import('../../auth/from-config.js')
  try {
    return jwtFromConfig(config.jwt, config.secrets, config.dir)
  } catch (error) {
    problems.push((error as Error).message)
    return undefined
  }
}

async function bindVerifyFunctions(config: MacaronConfig, given: Record<string, VerifyFunction>, problems: string[]): Promise<Record<string, VerifyFunction>> {
  const bound: Record<string, VerifyFunction> = { ...given }
  for (const [scheme, binding] of Object.entries(config.security.verify)) {
    if (bound[scheme]) continue
    const found = await bindFunction(binding, config.dir)
    if (typeof found === 'function') bound[scheme] = found as unknown as VerifyFunction
    else problems.push(`security.verify.${scheme}: '${binding}' ${found}`)
  }
  return bound
}
