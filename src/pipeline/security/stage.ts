import type { ServerResponse } from 'node:http'
import type { FastifyRequest } from 'fastify'
import type { TokenSigner } from '../../auth/sign.js'
import type { ProjectSource } from '../../client/project.js'
import { enterRequestContext, type RequestContext } from '../../context/index.js'
import { bindFunction } from '../bind.js'
import type { Handler, HandlerContext } from '../handler-types.js'
import type { Operation } from '../operations.js'
import type { Authenticate } from './compile.js'
import { SPAN, STAGES } from '../request-state.js'
import { runInContext, withSpan } from '../../observability/tracing.js'

/** A function named in `x-decorate-server`: runs after security, before the handler, with its context. */
export type Hook = (context: HandlerContext) => unknown

/** What the route of one operation runs around its handler. */
export interface Guard {
  /** Undefined when the operation requires nothing: the route skips the stage. */
  authenticate: Authenticate | undefined
  /** The hooks, then the handler, inside the request context that getUserId() and friends read. */
  run(request: FastifyRequest, response: ServerResponse, context: HandlerContext, handler: Handler): unknown
}

export function createGuard(authenticate: Authenticate | undefined, hooks: Hook[], signer: TokenSigner | undefined, project?: ProjectSource): Guard {
  return {
    authenticate,
    run(request, response, context, handler) {
      const user = context.user
      // Every field written, absent ones as undefined: one object shape for every request,
      // so the code that reads the context stays monomorphic.
      const store: RequestContext = { requestId: request.id, log: request.log, response, user, token: user?.token, signer, stages: request[STAGES], project }
      enterRequestContext(store)
      if (hooks.length === 0) return runHandler(request, handler, context)
      return (async () => {
        for (const hook of hooks) await hook(context)
        return runHandler(request, handler, context)
      })()
    },
  }
}

/** The handler, inside the request's trace context and its own span when tracing is on. */
function runHandler(request: FastifyRequest, handler: Handler, context: HandlerContext): unknown {
  const traced = request[SPAN]
  if (!traced?.span.isRecording()) return handler(context)
  return runInContext(traced.context, () => withSpan(`handler ${context.operationId}`, { 'macaron.operation_id': context.operationId }, () => handler(context)))
}

/** PyMacaron's x-decorate-server: one binding or a list, each bound like a handler. */
export async function bindHooks(op: Operation, dir: string, problems: string[]): Promise<Hook[]> {
  const declared = op.member('x-decorate-server')
  if (declared === undefined) return []
  const list = Array.isArray(declared) ? declared : [declared]
  const hooks: Hook[] = []
  for (const binding of list) {
    const found = typeof binding === 'string' ? await bindFunction(binding, dir) : 'must be a string (path#export or dotted)'
    if (typeof found === 'function') hooks.push(found as Hook)
    else problems.push(`${op.operationId} (${op.method} ${op.path} in ${op.api.file}): x-decorate-server '${String(binding)}' ${found}`)
  }
  return hooks
}
