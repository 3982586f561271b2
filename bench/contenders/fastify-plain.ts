import Fastify from 'fastify'
import { createItem, getItem, listItems, type NewItem, type Status } from '../logic.js'
import { HOST, type StartServer } from './types.js'

// Fastify 5 with no schemas: routing, JSON parsing and JSON.stringify only.
export const start: StartServer = async (port) => {
  const app = Fastify({ logger: false })
  app.get<{ Params: { id: string } }>('/items/:id', async (req) => getItem(Number(req.params.id)))
  app.get<{ Querystring: { limit?: string; offset?: string; status?: Status } }>('/items', async (req) =>
    listItems(Number(req.query.limit ?? 20), Number(req.query.offset ?? 0), req.query.status),
  )
  app.post<{ Body: NewItem }>('/items', async (req, reply) => reply.code(201).send(createItem(req.body)))
  await app.listen({ port, host: HOST })
  return { close: () => app.close() }
}
