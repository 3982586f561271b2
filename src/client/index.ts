import type { ApiName, ClientFor, UntypedInit } from './types.js'
import { currentContext } from '../context/index.js'
import { callOperation } from './call.js'
import { resolveTarget, type ClientOptions, type Target } from './target.js'

export { RemoteError, UpstreamBadResponse, UpstreamTimeout, UpstreamUnavailable, isErrorBody, type RemoteOrigin } from './errors.js'
export type { ApiName, CallInit, CallOptions, Client, ClientFor, UntypedClient, UntypedInit } from './types.js'
export type { ClientOptions } from './target.js'
export { setCurrentProject } from './project.js'

const NOT_OPERATIONS = new Set(['then', 'toJSON', 'constructor'])
/** The key of a client's target outside any request (the app created last, or `dir`/`app`). */
const DEFAULT_PROJECT = {}

/**
 * A client of `name`, an API of the project's apis/ (PyMacaron's x-bind-client): one method
 * per operationId, typed from `macaron generate`'s output, resolving to the 2xx body. The
 * documents, config and base URL are looked up on the first call, so a client can be made
 * at import time in a handlers file.
 */
export function createClient<Name extends ApiName>(name: Name, options: ClientOptions = {}): ClientFor<Name> {
  // One target per project: without `dir` or `app`, a call inside a request reads the app
  // serving it (a handlers module, and its clients, may serve several apps in one process),
  // and a call outside any request reads the app created last.
  const targets = new WeakMap<object, Promise<Target>>()
  const resolved = () => {
    const serving = options.app === undefined && options.dir === undefined ? currentContext()?.project : undefined
    const key = serving ?? DEFAULT_PROJECT
    let target = targets.get(key)
    if (target === undefined) {
      target = resolveTarget(name, options, serving)
      targets.set(key, target)
      // A failed resolution (no base URL yet) is tried again on the next call.
      target.catch(() => targets.delete(key))
    }
    return target
  }
  const methods = new Map<string, (init?: UntypedInit) => Promise<unknown>>()
  return new Proxy({} as ClientFor<Name>, {
    get(_, operationId) {
      // Not an operation: what await, JSON.stringify and inspection look for.
      if (typeof operationId !== 'string' || NOT_OPERATIONS.has(operationId)) return undefined
      let method = methods.get(operationId)
      if (!method) {
        method = async (init = {}) => {
          const t = await resolved()
          const op = t.operations.get(operationId)
          if (!op) throw new Error(`${name} has no operation ${operationId}`)
          return callOperation(t, op, init)
        }
        methods.set(operationId, method)
      }
      return method
    },
  })
}
