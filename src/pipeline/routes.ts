import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotImplemented } from '../errors/http-errors.js'
import type { AllowedMethods } from './allowed-methods.js'
import type { Handler, HandlerContext } from './handler-types.js'
import { compileInput, type Input } from './input.js'
import type { Operation } from './operations.js'
import { compileOutput, type Output } from './output.js'
import { pathParamRenamer, toRoute } from './paths.js'
import type { SchemaStore } from './schema-store.js'
import { newTimings, now, type StageTimings } from '../observability/timings.js'
import { OPERATION, SPAN, STAGES, USER } from './request-state.js'
import { runInContext, withSpan } from '../observability/tracing.js'
import type { Authenticate } from './security/compile.js'
import type { Guard } from './security/stage.js'
import { mockHandler } from '../mock/handler.js'


export interface RouteOptions {
  store: SchemaStore
  basePath: (op: Operation) => string
  validateResponses: boolean
  /** Filled with each route's methods, for the not-found handler's 405 answers. */
  allowed: AllowedMethods
  /** Each operation's security check and x-decorate-server hooks (see security/setup.ts). */
  guards: Map<Operation, Guard>
  /** Mock mode: operations without a handler answer with examples from the spec, not 501. */
  mock?: boolean
}

/** What registering the operations leaves behind: a way to compile them all now. */
export interface RegisteredOperations {
  /**
   * Compiles every operation's stages that have not been compiled yet (the routes compile
   * theirs on first request) and returns one line per operation whose schemas could not be.
   */
  compileAll(): string[]
}

interface CompiledOperation {
  readInput: (request: FastifyRequest) => Input
  writeOutput: (result: unknown, accept: string | undefined) => Output
  handler: Handler
}

/** One operation as its route serves it: what the handler and the security hook need. */
interface MethodEntry {
  operationId: string
  /** From the router's p0, p1 ... to the spec's names; undefined for a path without parameters. */
  renamePath: ((params: Record<string, string>) => Record<string, string>) | undefined
  compile: () => CompiledOperation
  guard: Guard
  /** The path as the spec writes it, for span names (the router's form has p0, p1 ...). */
  label: string
}

/**
 * One Fastify route per path, whose handler picks the operation by method and runs its
 * pipeline stages: input (parameters, body, Accept), the user's handler, output (status,
 * headers, body checked and serialised). Errors from any stage go to the error handler.
 * The methods of a path share a route because Fastify's start-up grows with the square of
 * its routes (a `preReady` listener per route, each removed by a linear search): Microsoft
 * Graph has 11,422 operations on 7,419 paths. The stages of an operation are compiled on
 * its first request, once, and cached: a document of thousands of operations starts in the
 * time it takes to load it, and never compiles per request.
 */
export function registerOperations(fastify: FastifyInstance, operations: Operation[], handlers: Map<Operation, Handler>, options: RouteOptions): RegisteredOperations {
  const compilers: Array<() => CompiledOperation> = []
  const paths = new Map<string, Map<string, MethodEntry>>()
  for (const op of operations) {
    const base = options.basePath(op)
    const { url, names } = toRoute(base, op.path)
    const compile = lazyCompiler(op, handlers.get(op), options)
    compilers.push(compile)
    let methods = paths.get(url)
    if (!methods) paths.set(url, (methods = new Map()))
    methods.set(op.method, { operationId: op.operationId, renamePath: pathParamRenamer(names), compile, guard: options.guards.get(op)!, label: base + op.path })
    options.allowed.add(url, op.method)
  }
  for (const [url, methods] of paths) {
    // HEAD is served by the GET operation (Node sends no body for it) unless the spec
    // declares its own, rather than by Fastify's extra HEAD route.
    const get = methods.get('GET')
    if (get && !methods.has('HEAD')) methods.set('HEAD', get)
    const byMethod = Object.fromEntries(methods) as Record<string, MethodEntry>
    const secured = [...methods.values()].some((entry) => entry.guard.authenticate !== undefined)
    fastify.route({
      method: [...methods.keys()],
      exposeHeadRoute: false,
      url,
      config: { routes: Object.fromEntries([...methods].map(([m, e]) => [m, e.label])) },
      // Security runs first, before the body is read: refused callers cost no parsing and learn nothing from validation.
      ...(secured ? { onRequest: authenticateFirst(byMethod) } : {}),
      // Not an async function: a handler that returns a value is answered in the same tick,
      // and one that returns a promise costs one `then`, without the async wrapper's own
      // promise and the adoption of the returned reply (measured in instructions per request).
      handler: (request: FastifyRequest, reply: FastifyReply) => {
        const entry = byMethod[request.method]!
        const stages = entry.compile()
        request[OPERATION] = entry.operationId
        const timings = (request[STAGES] ??= newTimings())
        const mark = now()
        if (entry.renamePath) request.params = entry.renamePath(request.params as Record<string, string>)
        const input = stages.readInput(request)
        const handlerStart = now()
        timings.validation = handlerStart - mark
        const context: HandlerContext = {
          params: input.path,
          query: input.query,
          headers: input.headers,
          cookies: input.cookies,
          body: input.body,
          user: request[USER],
          log: request.log,
          request,
          operationId: entry.operationId,
          state: {},
        }
        const result = entry.guard.run(request, reply.raw, context, () => runHandler(request, stages.handler, context))
        if (isThenable(result)) return result.then((value) => respond(reply, stages, timings, handlerStart, value, input.accept))
        respond(reply, stages, timings, handlerStart, result, input.accept)
        return undefined
      },
    })
  }
  return {
    compileAll: () =>
      compilers.flatMap((compile, i) => {
        try {
          compile()
          return []
        } catch (error) {
          return [`${operations[i]!.operationId}: ${(error as Error).message}`]
        }
      }),
  }
}

/**
 * The operation's stages, compiled on the first call and returned from then on. A schema
 * that cannot be compiled fails every call the same way (a 500 whose report names the
 * operation), without compiling again; `macaron lint` and the test kit compile eagerly so
 * such a schema is seen before a request finds it.
 */
function lazyCompiler(op: Operation, bound: Handler | undefined, options: RouteOptions): () => CompiledOperation {
  let compiled: CompiledOperation | undefined
  let failure: Error | undefined
  return () => {
    if (compiled !== undefined) return compiled
    if (failure !== undefined) throw failure
    try {
      return (compiled = {
        readInput: compileInput(op, options.store),
        writeOutput: compileOutput(op, options.store, { validate: options.validateResponses }),
        handler: bound ?? (options.mock ? mockHandler(op, options.store) : notImplemented(op)),
      })
    } catch (error) {
      throw (failure = new SchemaCompileError(op, error))
    }
  }
}

/** A schema of the operation that Ajv or the serialiser refused. */
export class SchemaCompileError extends Error {
  constructor(op: Operation, cause: unknown) {
    super(`${op.method} ${op.path} in ${op.api.file}: its schemas cannot be compiled: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'SchemaCompileError'
  }
}

/** The output stage and the reply; resolves to nothing, so Fastify sends nothing more. */
function respond(reply: FastifyReply, stages: CompiledOperation, timings: StageTimings, handlerStart: number, result: unknown, accept: string | undefined): undefined {
  const mark = now()
  timings.handler = mark - handlerStart
  const out = stages.writeOutput(result, accept)
  timings.serialisation = now() - mark
  reply.code(out.status)
  for (const name in out.headers) reply.header(name, out.headers[name])
  if (out.contentType !== undefined) reply.type(out.contentType)
  reply.send(out.payload)
  return undefined
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function'
}

/** The onRequest hook of a path: the security check of the operation the method picks, if it has one. */
function authenticateFirst(byMethod: Record<string, MethodEntry>) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const entry = byMethod[request.method]
    const authenticate: Authenticate | undefined = entry?.guard.authenticate
    if (!entry || !authenticate) return done()
    request[OPERATION] = entry.operationId
    const mark = now()
    authenticate(request).then(
      (user) => {
        request[USER] = user
        ;(request[STAGES] = newTimings()).security = now() - mark
        done()
      },
      (error: Error) => done(error),
    )
  }
}

/** The handler, inside the request's trace context and its own span when tracing is on. */
function runHandler(request: FastifyRequest, handler: Handler, context: HandlerContext): unknown {
  const traced = request[SPAN]
  if (!traced?.span.isRecording()) return handler(context)
  return runInContext(traced.context, () => withSpan(`handler ${context.operationId}`, { 'macaron.operation_id': context.operationId }, () => handler(context)))
}

function notImplemented(op: Operation): Handler {
  return () => {
    throw new NotImplemented(`${op.operationId} is declared in the spec but has no handler yet`)
  }
}
