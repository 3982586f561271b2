import assert from 'node:assert/strict'
import { createApp } from 'macaron'
import { testClient } from 'macaron/testing'
import { writeProject } from './project.js'

// #region handlers
import { reply, type HandlerContext } from 'macaron'

interface Order { order_id: string; item: string; quantity: number }

// Returns a value: sent with the operation's only 2xx status (or 200).
export async function getOrder({ params, query, log }: HandlerContext<{ order_id: string }, { expand: boolean }>) {
  log.info({ order_id: params.order_id }, 'looking up the order')
  return { order_id: params.order_id, item: query.expand ? 'tea (green, 100 g)' : 'tea', quantity: 1 }
}

// Returns reply(status, body, headers) when the status or headers need saying.
export async function createOrder({ body, headers }: HandlerContext<{}, {}, { 'Idempotency-Key'?: string }, {}, Omit<Order, 'order_id'>>) {
  const order: Order = { order_id: headers['Idempotency-Key'] ?? 'o-1', ...body }
  return reply(201, order, { location: `/orders/${order.order_id}` })
}
// #endregion

const dir = writeProject('orders', `openapi: 3.1.0
info: { title: Orders, version: 1.0.0 }
paths:
  /orders:
    post:
      operationId: createOrder
      parameters: [{ name: Idempotency-Key, in: header, schema: { type: string } }]
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/NewOrder' } } }
      responses:
        '201':
          description: Created
          headers: { Location: { required: true, schema: { type: string } } }
          content: { application/json: { schema: { $ref: '#/components/schemas/Order' } } }
  /orders/{order_id}:
    get:
      operationId: getOrder
      parameters:
        - { name: order_id, in: path, required: true, schema: { type: string } }
        - { name: expand, in: query, schema: { type: boolean, default: false } }
      responses:
        '200': { description: The order, content: { application/json: { schema: { $ref: '#/components/schemas/Order' } } } }
components:
  schemas:
    NewOrder:
      type: object
      additionalProperties: false
      required: [item, quantity]
      properties: { item: { type: string }, quantity: { type: integer, minimum: 1 } }
    Order:
      type: object
      required: [order_id, item, quantity]
      properties: { order_id: { type: string }, item: { type: string }, quantity: { type: integer } }
`)
const app = await createApp({ dir, handlers: { getOrder, createOrder }, logger: false, environ: {} })
const api = testClient(app)
const created = await api.post('/orders', { json: { item: 'tea', quantity: 2 }, headers: { 'idempotency-key': 'k-7' } })
assert.deepEqual(created.expectStatus(201).expectJson(), { order_id: 'k-7', item: 'tea', quantity: 2 })
assert.equal(created.header('location'), '/orders/k-7')
assert.deepEqual((await api.get('/orders/k-7?expand=true')).expectOk().expectJson(), { order_id: 'k-7', item: 'tea (green, 100 g)', quantity: 1 })
await app.close()
