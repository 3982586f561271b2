import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotImplemented } from '../errors/http-errors.js'
import type { OperationRouter, RouteMatch } from './operation-router.js'
import type { Handler, HandlerContext } from './handler-types.js'
import { compileInput, type Input } from './input.js'
import type { Operation } from './operations.js'
import { compileOutput, type Output } from './output.js'
import { pathParamRenamer } from './paths.js'
import type { SchemaStore } from './schema-store.js'
import { newTimings, now, type StageTimings } from '../observability/timings.js'
import { MATCH, OPERATION, STAGES, STARTED, USER } from './request-state.js'
import type { Authenticate } from './security/compile.js'
import type { Guard } from './security/stage.js'
import { mockHandler } from '../mock/handler.js'


export interface RouteOptions {
  store: SchemaStore
  basePath: (op: Operation) => string
  /** The operation's path as the router writes it (toRoute of the base path and its path). */
  route: (op: Operation) => { url: string; names: string[] }
  validateResponses: boolean
  /** Filled with the operations by path; the not-found handler asks it for 405s too. */
  router: OperationRouter<MethodEntry>
  /** Each operation's security check and x-decorate-server hooks (see security/setup.ts). */
  guards: Map<Operation, Guard>
  /** Mock mode: operations without a handler answer with examples from the spec, not 501. */
  mock?: boolean
}

/** What registering the operations leaves behind: a way to compile them all now. */
export interface RegisteredOperations {
  /**
   * Compiles every operation's stages that have not been compiled yet (the routes compile
   * theirs on first request) and builds the whole operation router (a large document's is
   * built in parts on first requests); returns one line per operation whose schemas could
   * not be compiled, and one for a router find-my-way refused.
   */
  compileAll(): string[]
}

interface CompiledOperation {
  readInput: (request: FastifyRequest) => Input
  writeOutput: (result: unknown, accept: string | undefined) => Output
  handler: Handler
}

/** One operation as its route serves it: what the handler and the security hook need. */
export interface MethodEntry {
  operationId: string
  /** From the router's p0, p1 ... to the spec's names; undefined for a path without parameters. */
  renamePath: ((params: Record<string, string>) => Record<string, string>) | undefined
  compile: () => CompiledOperation
  guard: Guard
  /** The path as the spec writes it, for span names (the router's form has p0, p1 ...). */
  label: string
}

/**
 * One Fastify route for every operation (a catch-all), whose onRequest hook finds the
 * operation by path and method in the operation router and runs its security check, and
 * whose handler runs its pipeline stages: input (parameters, body, Accept), the user's
 * handler, output (status, headers, body checked and serialised). Errors from any stage go
 * to the error handler. Fastify's own routes (/ping, /version, docs, metrics) are matched
 * before the catch-all. Operations are not Fastify routes because Fastify's start-up grows
 * with the square of its routes (operation-router.ts). The stages of an operation are
 * compiled on its first request, once, and cached: a document of thousands of operations
 * starts in the time it takes to load it, and never compiles per request.
 */
export function registerOperations(fastify: FastifyInstance, operations: Operation[], handlers: Map<Operation, Handler>, options: RouteOptions): RegisteredOperations {
  const { router } = options
  const compilers: Array<() => CompiledOperation> = []
  const paths = new Map<string, Map<string, MethodEntry>>()
  for (const op of operations) {
    const base = options.basePath(op)
    const { url, names } = options.route(op)
    const compile = lazyCompiler(op, handlers.get(op), options)
    compilers.push(compile)
    let methods = paths.get(url)
    if (!methods) paths.set(url, (methods = new Map()))
    methods.set(op.method, { operationId: op.operationId, renamePath: pathParamRenamer(names), compile, guard: options.guards.get(op)!, label: base + op.path })
  }
  for (const [url, methods] of paths) {
    // HEAD is served by the GET operation (Node sends no body for it) unless the spec
    // declares its own.
    const get = methods.get('GET')
    if (get && !methods.has('HEAD')) methods.set('HEAD', get)
    router.add(url, Object.fromEntries(methods))
  }
  const matchOf = (request: FastifyRequest): RouteMatch<MethodEntry> => {
    const cached = request[MATCH] as RouteMatch<MethodEntry> | undefined
    return cached !== undefined ? cached : (request[MATCH] = router.match(request.method, request.url))
  }
  fastify.route({
    // A method a plugin already takes on every path (CORS answers OPTIONS in its own hook) stays the plugin's.
    method: fastify.supportedMethods.filter((method) => !fastify.hasRoute({ method, url: '/*' })),
    url: '/*',
    exposeHeadRoute: false,
    // The spec's path of the operation, for the request span's name (request-hooks.ts).
    config: { label: (request: FastifyRequest) => matchOf(request)?.entry?.label },
    // Security runs first, before the body is read: refused callers cost no parsing and learn nothing from validation.
    onRequest: (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
      const match = matchOf(request)
      if (match === null || match.entry === undefined) return done(router.refusal(request.method, request.url, match))
      const entry = match.entry
      request[OPERATION] = entry.operationId
      request.params = entry.renamePath ? entry.renamePath(match.params) : {}
      const authenticate: Authenticate | undefined = entry.guard.authenticate
      if (!authenticate) return done()
      const mark = now()
      authenticate(request).then(
        (user) => {
          request[USER] = user
          ;(request[STAGES] = newTimings()).security = now() - mark
          done()
        },
        (error: Error) => done(error),
      )
    },
    // Not an async function: a handler that returns a value is answered in the same tick,
    // and one that returns a promise costs one `then`, without the async wrapper's own
    // promise and the adoption of the returned reply (measured in instructions per request).
    handler: (request: FastifyRequest, reply: FastifyReply) => {
      const entry = (request[MATCH] as { entry: MethodEntry }).entry
      const stages = entry.compile()
      const timings = (request[STAGES] ??= newTimings())
      const input = stages.readInput(request)
      const handlerStart = now()
      // Reading the request, from its first hook to here less security: routing and body
      // parsing too, with one clock reading fewer (0.07 µs each).
      const started = request[STARTED]
      timings.validation = started === undefined ? 0 : handlerStart - started - timings.security
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
      const result = entry.guard.run(request, reply.raw, context, stages.handler)
      if (isThenable(result)) return result.then((value) => respond(reply, stages, timings, handlerStart, value, input.accept))
      respond(reply, stages, timings, handlerStart, result, input.accept)
      return undefined
    },
  })
  return {
    compileAll: () => [
      ...routerProblems(router),
      ...compilers.flatMap((compile, i) => {
        try {
          compile()
          return []
        } catch (error) {
          return [`${operations[i]!.operationId}: ${(error as Error).message}`]
        }
      }),
    ],
  }
}

/** The operation router built whole, as it is otherwise in parts on first requests: what find-my-way refuses. */
function routerProblems(router: OperationRouter<MethodEntry>): string[] {
  try {
    router.buildAll()
    return []
  } catch (error) {
    return [`the operation router: ${(error as Error).message}`]
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

function notImplemented(op: Operation): Handler {
  return () => {
    throw new NotImplemented(`${op.operationId} is declared in the spec but has no handler yet`)
  }
}
