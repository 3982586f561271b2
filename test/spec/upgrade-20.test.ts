import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { JsonObject } from '../../src/spec/index.js'
import { upgradeTo31 } from '../../src/spec/upgrade.js'
import { info, schemasOf, validatorFor } from './upgrade-helpers.js'

test('Swagger 2.0: servers from host/basePath, styles from collectionFormat, bodies from consumes/produces', () => {
  const doc = upgradeTo31(
    {
      swagger: '2.0', info, host: 'api.example.com', basePath: '/v2', schemes: ['https'],
      consumes: ['application/json'], produces: ['application/json'],
      paths: {
        '/items': {
          parameters: [{ name: 'item', in: 'body', schema: { type: 'object' } }],
          'x-note': 'a string beside path-level parameters made the upgrader throw',
          get: {
            produces: ['text/csv'],
            parameters: [
              { name: 'a', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'pipes' },
              { name: 'b', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'ssv' },
              { name: 'X-Ids', in: 'header', type: 'array', items: { type: 'integer' } },
            ],
            responses: { '200': { description: 'ok', schema: { type: 'string' } } },
          },
          post: {
            consumes: ['application/x-www-form-urlencoded'],
            parameters: [
              { name: 'n', in: 'formData', type: 'integer', minimum: 1, required: true },
              { name: 'tags', in: 'formData', type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
            ],
            responses: { '201': { description: 'made' } },
          },
          put: { responses: { '204': { description: 'stored' } } },
        },
      },
      definitions: { Base: { type: 'object', discriminator: 'kind', required: ['kind'], properties: { kind: { type: 'string' } } } },
    },
    '2.0',
  )
  assert.deepEqual(doc.servers, [{ url: 'https://api.example.com/v2' }])
  const item = (doc.paths as JsonObject)['/items'] as Record<string, JsonObject>
  const get = item.get!
  assert.deepEqual(
    (get.parameters as JsonObject[]).map((p) => [p.name, p.style, p.explode]),
    [['a', 'pipeDelimited', false], ['b', 'spaceDelimited', false], ['X-Ids', 'simple', false]],
  )
  // The operation's own produces wins over the document's.
  assert.deepEqual(Object.keys(((get.responses as JsonObject)['200'] as JsonObject).content as JsonObject), ['text/csv'])
  const form = ((item.post!.requestBody as JsonObject).content as JsonObject)['application/x-www-form-urlencoded'] as JsonObject
  assert.deepEqual(form.schema, {
    type: 'object',
    properties: { n: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['n'],
  })
  assert.deepEqual(form.encoding, { tags: { style: 'form', explode: true } })
  // The path-level body parameter became the request body of the operations that take none of their own.
  assert.deepEqual(item.put!.requestBody, { content: { 'application/json': { schema: { type: 'object' } } } })
  assert.equal(item['x-note'], 'a string beside path-level parameters made the upgrader throw')
  assert.deepEqual(schemasOf(doc).Base!.discriminator, { propertyName: 'kind' })
})

test('Swagger 2.0: a body parameter reached through $ref becomes a request body, not a parameter', () => {
  const doc = upgradeTo31(
    {
      swagger: '2.0', info,
      parameters: { pet: { name: 'pet', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } }, limit: { name: 'limit', in: 'query', type: 'integer' } },
      paths: { '/pets': { post: { parameters: [{ $ref: '#/parameters/pet' }, { $ref: '#/parameters/limit' }], responses: { '201': { description: 'ok' } } } } },
      definitions: { Pet: { type: 'object', 'x-nullable': true, properties: { name: { type: 'string', 'x-nullable': true } } } },
    },
    '2.0',
  )
  const post = ((doc.paths as JsonObject)['/pets'] as JsonObject).post as JsonObject
  assert.deepEqual(post.parameters, [{ $ref: '#/components/parameters/limit' }])
  assert.deepEqual(post.requestBody, { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } })
  const valid = validatorFor(doc, 'Pet')
  assert.equal(valid(null), true)
  assert.equal(valid({ name: null }), true)
  assert.equal(valid({ name: 1 }), false)
})
