// fast-json-stringify writes a missing property's default, and refuses to build a
// serialiser when allOf members give one property different defaults ("Failed to merge
// "default" keyword schemas"): Microsoft Graph's types do, and each such operation answered
// 500 on every request. Such a schema's serialiser now writes what is there and fills in
// no default; a schema whose defaults agree still has them filled in.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SchemaStore } from '../../src/pipeline/schema-store.js'
import type { JsonObject } from '../../src/spec/types.js'

const document: JsonObject = {
  openapi: '3.1.0',
  info: { title: 'defaults', version: '1' },
  paths: {},
  components: {
    schemas: {
      Base: { type: 'object', properties: { kind: { type: 'string', default: 'base' }, size: { type: 'integer', default: 1 } } },
      Derived: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { kind: { type: 'string', default: 'derived' }, n: { type: 'integer' } } }] },
      Agreeing: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { n: { type: 'integer' } } }] },
    },
  },
}

function serialiser(name: string): (value: unknown) => string {
  const store = new SchemaStore()
  store.addApi('api', document)
  return store.serialiser('api', { $ref: `#/components/schemas/${name}` })
}

test('allOf members with different defaults for a property: what is there is written, no default is filled in', () => {
  const write = serialiser('Derived')
  assert.deepEqual(JSON.parse(write({ kind: 'x', n: 2, size: 5, undeclared: true })), { kind: 'x', size: 5, n: 2 })
  assert.deepEqual(JSON.parse(write({ n: 2 })), { n: 2 })
})

test('defaults that agree are still filled in', () => {
  const write = serialiser('Agreeing')
  assert.deepEqual(JSON.parse(write({ n: 2 })), { kind: 'base', size: 1, n: 2 })
})
