import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import openapiGlue from 'fastify-openapi-glue'
import { createItem, getItem, listItems, type NewItem, type Status } from '../logic.js'
import { HOST, SPEC_FILE, type StartServer } from './types.js'

type Req<P = unknown, Q = unknown, B = unknown> = FastifyRequest<{ Params: P; Querystring: Q; Body: B }>

// fastify-openapi-glue turns the spec into Fastify route schemas, so it inherits Fastify's
// default Ajv options (removeAdditional: true included).
const service = {
  getItem: async (req: Req<{ id: number }>) => getItem(req.params.id),
  listItems: async (req: Req<unknown, { limit: number; offset: number; status?: Status }>) => listItems(req.query.limit, req.query.offset, req.query.status),
  createItem: async (req: Req<unknown, unknown, NewItem>, reply: FastifyReply) => reply.code(201).send(createItem(req.body)),
}

export const start: StartServer = async (port) => {
  const app = Fastify({ logger: false })
  await app.register(openapiGlue, { specification: SPEC_FILE, serviceHandlers: service })
  await app.listen({ port, host: HOST })
  return { close: () => app.close() }
}
