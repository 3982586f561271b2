import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MethodNotAllowed, NotImplemented } from '../errors/http-errors.js'
import type { Handler, HandlerContext, User } from './handler-types.js'
import { compileInput } from './input.js'
import type { Operation } from './operations.js'
import { compileOutput } from './output.js'
import { pathParamRenamer, toRoute } from './paths.js'
import type { SchemaStore } from './schema-store.js'

export const OPERATION = Symbol.for('macaron.operation')
export const USER = Symbol.for('macaron.user')

declare module 'fastify' {
  interface FastifyRequest {
    [OPERATION]?: string
    [USER]?: User
  }
}

export interface RouteOptions {
  store: SchemaStore
  basePath: (op: Operation) => string
  validateResponses: boolean
  /** Whether OPTIONS is answered by CORS preflight, so not a 405. */
  cors: boolean
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
    const handler = handlers.get(op) ?? notImplemented(op)
    const operationId = op.operationId
    fastify.route({
      method: op.method,
      url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        request[OPERATION] = operationId
        request.params = renamePath(request.params as Record<string, string>)
        const input = readInput(request)
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
        }
        const out = writeOutput(await handler(context), input.accept)
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
