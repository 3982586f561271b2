import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MethodNotAllowed, NotImplemented } from '../errors/http-errors.js'
import type { Handler, HandlerContext } from './handler-types.js'
import { compileInput } from './input.js'
import type { Operation } from './operations.js'
import { compileOutput } from './output.js'
import { pathParamRenamer, toRoute } from './paths.js'
import type { SchemaStore } from './schema-store.js'
import { newTimings, now } from '../observability/timings.js'
import { OPERATION, SPAN, STAGES, USER } from './request-state.js'
import { runInContext, withSpan } from '../observability/tracing.js'
import type { Authenticate } from './security/compile.js'
import type { Guard } from './security/stage.js'
import { mockHandler } from '../mock/handler.js'


export interface RouteOptions {
  store: SchemaStore
  basePath: (op: Operation) => string
  validateResponses: boolean
  /** Whether OPTIONS is answered by CORS preflight, so not a 405. */
  cors: boolean
  /** Each operation's security check and x-decorate-server hooks (see security/setup.ts). */
  guards: Map<Operation, Guard>
  /** Mock mode: operations without a handler answer with examples from the spec, not 501. */
  mock?: boolean
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'PATCH']

/**
 * One Fastify route per operation, whose handler runs the pipeline stages compiled at
 * start-up: input (parameters, body, Accept), the user's handler, output (status, headers,
 * body checked and serialised). Errors from any stage go to the error handler.
 */
export function registerOperations(fastify: FastifyInstance, operations: Operation[], handlers: Map<Operation, Handler>, options: RouteOptions): void {
  const methodsByUrl = new Map<string, Set<string>>()
  for (const op of operations) {
    const { url, names } = toRoute(options.basePath(op), op.path)
    const renamePath = pathParamRenamer(names)
    const readInput = compileInput(op, options.store)
    const writeOutput = compileOutput(op, options.store, { validate: options.validateResponses })
    const handler = handlers.get(op) ?? (options.mock ? mockHandler(op, options.store) : notImplemented(op))
    const operationId = op.operationId
    const guard = options.guards.get(op)!
    const authenticate = guard.authenticate
    fastify.route({
      method: op.method,
      url,
      // The path as the spec writes it, for span names (the router's form has p0, p1 ...).
      config: { route: options.basePath(op) + op.path },
      // Security runs first, before the body is read: refused callers cost no parsing and learn nothing from validation.
      ...(authenticate ? { onRequest: authenticateFirst(operationId, authenticate) } : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        request[OPERATION] = operationId
        const timings = (request[STAGES] ??= newTimings())
        let mark = now()
        request.params = renamePath(request.params as Record<string, string>)
        const input = readInput(request)
        timings.validation = now() - mark
        const context: HandlerContext = {
          params: input.path,
          query: input.query,
          headers: input.headers,
          cookies: input.cookies,
          body: input.body,
          user: request[USER],
          log: request.log,
          request,
          operationId,
          state: {},
        }
        mark = now()
        const result = await guard.run(request, context, () => runHandler(request, handler, context))
        timings.handler = now() - mark
        mark = now()
        const out = writeOutput(result, input.accept)
        timings.serialisation = now() - mark
        reply.code(out.status)
        for (const name in out.headers) reply.header(name, out.headers[name])
        if (out.contentType !== undefined) reply.type(out.contentType)
        return reply.send(out.payload)
      },
    })
    const methods = methodsByUrl.get(url) ?? new Set<string>()
    methods.add(op.method)
    methodsByUrl.set(url, methods)
  }
  for (const [url, methods] of methodsByUrl) registerMethodNotAllowed(fastify, url, methods, options.cors)
}

function authenticateFirst(operationId: string, authenticate: Authenticate) {
  return async (request: FastifyRequest) => {
    request[OPERATION] = operationId
    const mark = now()
    request[USER] = await authenticate(request)
    ;(request[STAGES] = newTimings()).security = now() - mark
  }
}

/** The handler, inside the request's trace context and its own span when tracing is on. */
function runHandler(request: FastifyRequest, handler: Handler, context: HandlerContext): unknown {
  const traced = request[SPAN]
  if (!traced?.span.isRecording()) return handler(context)
  return runInContext(traced.context, () => withSpan(`handler ${context.operationId}`, { 'macaron.operation_id': context.operationId }, () => handler(context)))
}

/** Other methods on a known path answer 405 with Allow, not 404. */
function registerMethodNotAllowed(fastify: FastifyInstance, url: string, methods: Set<string>, cors: boolean): void {
  const allowed = [...methods]
  if (methods.has('GET')) allowed.push('HEAD')
  const allow = allowed.sort().join(', ')
  for (const method of METHODS) {
    if (methods.has(method) || (method === 'OPTIONS' && cors)) continue
    fastify.route({
      method,
      url,
      handler: async (request) => {
        throw new MethodNotAllowed(`${request.method} is not allowed here; use ${allow}`, { headers: { allow } })
      },
    })
  }
}

function notImplemented(op: Operation): Handler {
  return () => {
    throw new NotImplemented(`${op.operationId} is declared in the spec but has no handler yet`)
  }
}
