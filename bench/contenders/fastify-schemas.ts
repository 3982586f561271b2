import Fastify from 'fastify'
import { createItem, getItem, listItems, type NewItem, type Status } from '../logic.js'
import { createItemSchema, getItemSchema, listItemsSchema } from './schemas.js'
import { HOST, type StartServer } from './types.js'

// The reference: Fastify 5 with hand-written route schemas and its default Ajv options
// (coerceTypes 'array', useDefaults, removeAdditional: true, which strips unknown body
// properties instead of refusing them). Response schemas serialise with fast-json-stringify.
export const start: StartServer = async (port) => {
  const app = Fastify({ logger: false })
  app.get<{ Params: { id: number } }>('/items/:id', { schema: getItemSchema }, async (req) => getItem(req.params.id))
  app.get<{ Querystring: { limit: number; offset: number; status?: Status } }>('/items', { schema: listItemsSchema }, async (req) =>
    listItems(req.query.limit, req.query.offset, req.query.status),
  )
  app.post<{ Body: NewItem }>('/items', { schema: createItemSchema }, async (req, reply) => reply.code(201).send(createItem(req.body)))
  await app.listen({ port, host: HOST })
  return { close: () => app.close() }
}
