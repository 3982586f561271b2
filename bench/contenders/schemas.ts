// The spec's schemas hand-written as Fastify route schemas (JSON Schema draft 7), the way a
// Fastify user without an OpenAPI layer would write them.
const status = { type: 'string', enum: ['active', 'archived', 'draft'] } as const

export const item = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'sku', 'name', 'price', 'quantity', 'status', 'tags', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'integer' },
    sku: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    price: { type: 'number' },
    quantity: { type: 'integer' },
    status,
    tags: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const

export const getItemSchema = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 1000000 } } },
  response: { 200: item },
} as const

export const listItemsSchema = {
  querystring: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
      status,
    },
  },
  response: {
    200: { type: 'object', additionalProperties: false, required: ['items', 'limit', 'offset'], properties: { items: { type: 'array', items: item }, limit: { type: 'integer' }, offset: { type: 'integer' } } },
  },
} as const

export const createItemSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'price', 'status'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      description: { type: 'string', maxLength: 1000 },
      price: { type: 'number', minimum: 0 },
      quantity: { type: 'integer', minimum: 0 },
      status,
      tags: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 30 } },
    },
  },
  response: { 201: item },
} as const
