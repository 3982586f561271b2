import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { JsonObject } from '../../src/spec/index.js'
import { upgradeTo31 } from '../../src/spec/upgrade.js'
import { info, schemasOf, validatorFor } from './upgrade-helpers.js'

test('3.0 nullable becomes a null type that Ajv accepts, also where the upgrader leaves it', () => {
  const doc = upgradeTo31(
    {
      openapi: '3.0.3', info, paths: {},
      components: {
        schemas: {
          Owner: { type: 'object', properties: { name: { type: 'string' } } },
          Pet: {
            type: 'object',
            properties: {
              tag: { type: 'string', nullable: true },
              status: { type: 'string', enum: ['sold', 'kept'], nullable: true },
              mood: { enum: ['calm', 'wild'], nullable: true },
              owner: { $ref: '#/components/schemas/Owner', nullable: true, description: 'who' },
              count: { type: 'integer', nullable: false },
            },
          },
        },
      },
    },
    '3.0',
  )
  const pet = schemasOf(doc).Pet!.properties as Record<string, JsonObject>
  assert.deepEqual(pet.tag, { type: ['string', 'null'] })
  assert.deepEqual(pet.status, { type: ['string', 'null'], enum: ['sold', 'kept', null] })
  assert.deepEqual(pet.mood, { enum: ['calm', 'wild', null] })
  assert.deepEqual(pet.owner, { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }], description: 'who' })
  assert.deepEqual(pet.count, { type: 'integer' })
  const valid = validatorFor(doc, 'Pet')
  assert.equal(valid({ tag: null, status: null, mood: null, owner: null }), true)
  assert.equal(valid({ status: 'lost' }), false)
  assert.equal(valid({ owner: { name: 3 } }), false)
  assert.equal(valid({ count: null }), false)
})

test('3.0 boolean exclusiveMinimum/Maximum become the 2020-12 numbers', () => {
  const doc = upgradeTo31(
    {
      openapi: '3.0.0', info, paths: {},
      components: {
        schemas: {
          Range: {
            type: 'object',
            properties: {
              low: { type: 'number', minimum: 0, exclusiveMinimum: true },
              high: { type: 'number', maximum: 10, exclusiveMaximum: true },
              loose: { type: 'number', exclusiveMinimum: true }, // no minimum: nothing to exclude
              both: { type: 'number', minimum: 1, exclusiveMinimum: false },
            },
          },
        },
      },
    },
    '3.0',
  )
  const props = schemasOf(doc).Range!.properties as Record<string, JsonObject>
  assert.deepEqual(props.low, { type: 'number', exclusiveMinimum: 0 })
  assert.deepEqual(props.high, { type: 'number', exclusiveMaximum: 10 })
  assert.deepEqual(props.loose, { type: 'number' })
  assert.ok(!('exclusiveMinimum' in props.loose!), 'no key left with an undefined value')
  assert.deepEqual(props.both, { type: 'number', minimum: 1 })
  const valid = validatorFor(doc, 'Range')
  assert.equal(valid({ low: 0 }), false)
  assert.equal(valid({ low: 0.1, high: 9.9 }), true)
  assert.equal(valid({ high: 10 }), false)
})

test('example becomes examples, but a property, schema or parameter named "example" keeps its name', () => {
  const doc = upgradeTo31(
    {
      openapi: '3.0.3', info,
      paths: {
        '/things': {
          get: {
            parameters: [
              { name: 'q', in: 'query', example: 'cats', schema: { type: 'string', example: 'dogs' } },
              { $ref: '#/components/parameters/example' },
            ],
            responses: {
              '200': { description: 'ok', content: { 'application/json': { example: { a: 1 }, schema: { $ref: '#/components/schemas/example' } } } },
            },
          },
        },
      },
      components: {
        parameters: { example: { name: 'e', in: 'query', schema: { type: 'string' } } },
        schemas: {
          example: { type: 'object', example: { example: 'x' }, properties: { example: { type: 'string', example: 'y' } } },
        },
      },
    },
    '3.0',
  )
  const op = ((doc.paths as JsonObject)['/things'] as JsonObject).get as JsonObject
  const [q] = op.parameters as JsonObject[]
  assert.deepEqual(q, { name: 'q', in: 'query', examples: { default: { value: 'cats' } }, schema: { type: 'string', examples: ['dogs'] } })
  const media = ((op.responses as JsonObject)['200'] as JsonObject).content as JsonObject
  assert.deepEqual((media['application/json'] as JsonObject).examples, { default: { value: { a: 1 } } })
  assert.deepEqual((doc.components as JsonObject).parameters, { example: { name: 'e', in: 'query', schema: { type: 'string' } } })
  assert.deepEqual(schemasOf(doc).example, {
    type: 'object',
    examples: [{ example: 'x' }],
    properties: { example: { type: 'string', examples: ['y'] } },
  })
})

test('vendor extensions and path order survive the upgrade', () => {
  const doc = upgradeTo31(
    {
      openapi: '3.0.1', info,
      paths: {
        '/b': { get: { operationId: 'b', 'x-bind-server': 'src/h#b', responses: { '204': { description: 'x' } } } },
        '/a': { get: { operationId: 'a', 'x-decorate-server': 'src/d#audit', responses: { '204': { description: 'x' } } } },
      },
      components: { schemas: { P: { type: 'object', 'x-persist': { table: 'p', key: 'id', nullable: true } } } },
    },
    '3.0',
  )
  assert.deepEqual(Object.keys(doc.paths as JsonObject), ['/b', '/a'])
  assert.equal((((doc.paths as JsonObject)['/b'] as JsonObject).get as JsonObject)['x-bind-server'], 'src/h#b')
  assert.equal((((doc.paths as JsonObject)['/a'] as JsonObject).get as JsonObject)['x-decorate-server'], 'src/d#audit')
  // Our fix-ups do not reach into extension values.
  assert.deepEqual(schemasOf(doc).P!['x-persist'], { table: 'p', key: 'id', nullable: true })
  assert.equal(doc.openapi, '3.1.0')
})
