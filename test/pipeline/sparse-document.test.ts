import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SchemaStore } from '../../src/pipeline/schema-store.js'
import { SparseDocument } from '../../src/pipeline/sparse-document.js'
import { schemaVariant } from '../../src/pipeline/schema-variants.js'
import type { JsonObject } from '../../src/spec/types.js'

// A document whose refs reach into the middle of schemas, through escaped names, arrays and
// cycles, with readOnly and writeOnly properties that the variants treat differently.
const doc = (): JsonObject => ({
  openapi: '3.1.0',
  paths: {},
  components: {
    schemas: {
      Node: {
        type: 'object',
        required: ['id', 'name'],
        additionalProperties: false,
        properties: {
          id: { type: 'integer', readOnly: true },
          name: { type: 'string', minLength: 2 },
          secret: { type: 'string', writeOnly: true },
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
          tag: { $ref: '#/components/schemas/a~1b/properties/label' },
        },
      },
      'a/b': { type: 'object', properties: { label: { type: 'string', enum: ['x', 'y'] } } },
      Pair: { allOf: [{ $ref: '#/components/schemas/Node' }, { type: 'object', properties: { other: { type: 'integer', maximum: 5 } } }] },
      Unused: { type: 'object', properties: { big: { type: 'string' } } },
      Anchored: { $anchor: 'anchored', type: 'integer', minimum: 10 },
    },
  },
})

const values: unknown[] = [
  { name: 'ab' },
  { name: 'a' },
  { id: 1, name: 'ab' },
  { name: 'ab', secret: 's', children: [{ name: 'cd' }, { name: 'c' }] },
  { name: 'ab', tag: 'x' },
  { name: 'ab', tag: 'z' },
  { name: 'ab', extra: 1 },
  { id: 3, name: 'ab', children: [{ id: 4, name: 'cd', tag: 'y' }] },
  { name: 'ab', other: 9 },
  { name: 'ab', other: 2 },
  'not an object',
]

const schemas: JsonObject[] = [
  // A pointer inside a schema first, then the schema holding it: the second copy replaces the first.
  { $ref: '#/components/schemas/a~1b/properties/label' },
  { $ref: '#/components/schemas/Node' },
  { $ref: '#/components/schemas/Pair/allOf/1' },
  { $ref: '#/components/schemas/Pair' },
  { type: 'array', items: { $ref: '#/components/schemas/Node/properties/children/items' } },
]

/** Each validator's verdicts on every value, the store compiling the schemas in this order. */
function verdicts(store: SchemaStore, order: JsonObject[]): string[] {
  return order.flatMap((schema) => {
    const request = store.requestValidator('api', schema)
    const response = store.responseValidator('api', schema)
    return values.map((v) => `${JSON.stringify(schema)} ${JSON.stringify(v)} request:${request(structuredClone(v))} response:${response(structuredClone(v))}`)
  })
}

test('validators compiled on the parts a schema reaches judge as those compiled on the whole document', () => {
  const whole = new SchemaStore()
  const document = doc()
  // An $anchor anywhere sends the store to the whole document: this one is the reference.
  whole.addApi('api', { ...document, 'x-anchor': { $anchor: 'elsewhere' } })
  whole.requestValidator('api', { $ref: '#/x-anchor' })
  whole.responseValidator('api', { $ref: '#/x-anchor' })
  const expected = verdicts(whole, schemas)
  for (const order of [schemas, [...schemas].reverse()]) {
    const sparse = new SchemaStore()
    sparse.addApi('api', doc())
    const got = verdicts(sparse, order)
    assert.deepEqual([...got].sort(), [...expected].sort())
  }
  // The verdicts differ between values, so the comparison could fail.
  assert.ok(expected.some((line) => line.endsWith('request:true response:true')))
  assert.ok(expected.some((line) => line.includes('request:false')))
  assert.ok(expected.some((line) => line.includes('request:false response:true')))
})

test('a sparse document holds only what was reached, in the variant, and leaves the source alone', () => {
  const source = doc()
  const before = structuredClone(source)
  const sparse = new SparseDocument(source, (part) => schemaVariant(part as JsonObject, 'request'))
  assert.equal(sparse.reach({ $ref: '#/components/schemas/Pair/allOf/1' }), true)
  assert.deepEqual(Object.keys((sparse.root.components as JsonObject).schemas as JsonObject), ['Pair'])
  assert.equal(sparse.reach({ $ref: '#/components/schemas/Pair' }), true)
  const schemas = (sparse.root.components as JsonObject).schemas as Record<string, JsonObject>
  assert.deepEqual(Object.keys(schemas).sort(), ['Node', 'Pair', 'a/b'])
  // The request variant: the readOnly id may not be sent and is no longer required.
  assert.deepEqual((schemas.Node!.properties as JsonObject).id, { 'x-macaron-read-only': true })
  assert.deepEqual(schemas.Node!.required, ['name'])
  assert.deepEqual(source, before)
})

test('a schema that needs what Ajv indexes from the whole document is refused, and the store falls back to it', () => {
  const sparse = new SparseDocument(doc(), (part) => part)
  assert.equal(sparse.reach({ $ref: '#anchored' }), false)
  assert.equal(new SparseDocument(doc(), (part) => part).reach({ $ref: '#/components/schemas/Anchored' }), false)
  assert.equal(new SparseDocument(doc(), (part) => part).reach({ $ref: '#' }), false)

  const store = new SchemaStore()
  store.addApi('api', doc())
  const node = store.requestValidator('api', { $ref: '#/components/schemas/Node' })
  const anchored = store.requestValidator('api', { $ref: '#anchored' })
  assert.equal(anchored(12), true)
  assert.equal(anchored(3), false)
  // The validator compiled before the switch still answers, and new ones see the whole document.
  assert.equal(node({ name: 'ab' }), true)
  assert.equal(node({ name: 'a' }), false)
  assert.equal(store.requestValidator('api', { $ref: '#/components/schemas/Unused' })({ big: 1 }), false)
})
