import Fastify from 'fastify'
import { OpenAPIBackend, type Context } from 'openapi-backend'
import { createItem, getItem, listItems, type NewItem, type Status } from '../logic.js'
import { HOST, SPEC_FILE, type StartServer } from './types.js'

type Send = { code: (status: number) => { send: (body: unknown) => unknown } }

// openapi-backend on Fastify, as its README shows: requests validated (its default);
// responses not (it offers validateResponse as an opt-in step, left out here).
export const start: StartServer = async (port) => {
  const api = new OpenAPIBackend({
    definition: SPEC_FILE,
    handlers: {
      getItem: (c: Context, _req: unknown, reply: Send) => reply.code(200).send(getItem(Number(c.request.params.id))),
      listItems: (c: Context, _req: unknown, reply: Send) => {
        const q = c.request.query as Record<string, string | undefined>
        return reply.code(200).send(listItems(Number(q.limit ?? 20), Number(q.offset ?? 0), q.status as Status | undefined))
      },
      createItem: (c: Context, _req: unknown, reply: Send) => reply.code(201).send(createItem(c.request.requestBody as NewItem)),
      validationFail: (c: Context, _req: unknown, reply: Send) => reply.code(400).send({ errors: c.validation.errors }),
      notFound: (_c: Context, _req: unknown, reply: Send) => reply.code(404).send({ error: 'NOT_FOUND' }),
    },
  })
  await api.init()
  const app = Fastify({ logger: false })
  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    handler: (request, reply) =>
      api.handleRequest({ method: request.method, path: request.url, body: request.body, query: request.query as Record<string, string>, headers: request.headers as Record<string, string> }, request, reply),
  })
  await app.listen({ port, host: HOST })
  return { close: () => app.close() }
}
