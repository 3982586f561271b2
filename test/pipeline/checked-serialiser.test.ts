import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect } from 'node:util'
import { SchemaStore } from '../../src/pipeline/schema-store.js'
import type { JsonObject } from '../../src/spec/types.js'
import { seededRandom } from '../../bench/lib/stats.js'

// The one-pass check and write of response bodies must give exactly what the two-pass path
// gives (the response validator, then fast-json-stringify, with the JSON round trip for
// Dates and toJSON) whenever it answers, and hand everything else over by answering
// undefined. Compared here on thousands of values around valid ones, from a fixed seed.

const components: JsonObject = {
  schemas: {
    Status: { type: 'string', enum: ['active', 'archived', 'draft'] },
    Item: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'status', 'tags', 'created_at'],
      properties: {
        description: { type: 'string', maxLength: 40 },
        id: { type: 'integer', minimum: 1, format: 'int64' },
        name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9 ]+$' },
        price: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
        ratio: { type: ['number', 'null'], format: 'float' },
        count: { type: ['integer', 'null'], format: 'int32' },
        active: { type: 'boolean' },
        status: { $ref: '#/components/schemas/Status' },
        tags: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 10 } },
        created_at: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        owner: { type: 'string', format: 'email' },
        colour: { type: 'string', enum: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'] },
        secret: { type: 'string', writeOnly: true },
        level: { type: 'integer', default: 3 },
        nested: { $ref: '#/components/schemas/Nested' },
      },
    },
    Nested: { type: ['object', 'null'], properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'extra'] },
    Page: { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 1, items: { $ref: '#/components/schemas/Item' } }, next: { type: ['string', 'null'] } } },
    Tree: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } },
    OptionalFirst: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } } },
  },
}
const document: JsonObject = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components }
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` })

const validItem = (i: number): JsonObject => ({
  id: i + 1,
  name: `Item ${i}`,
  status: 'active',
  tags: ['a', 'b'],
  created_at: '2026-01-02T03:04:05.000Z',
  // level has a default: left out, it is written by fast-json-stringify, so by the slow path.
  level: i,
  ...(i % 2 ? { description: 'short', price: 12.5, ratio: null, count: 7, active: true, day: '2026-02-28', owner: 'a@b.co', colour: 'c7' } : {}),
  ...(i % 3 === 0 ? { nested: { a: 'x', b: 1, extra: true } } : {}),
})

// Values that each break, stretch or change one thing.
const oddValues: unknown[] = [
  undefined, null, 0, -0, 1.5, -1, 1000, 1000.5, 10, 11, 2 ** 31, 2 ** 53 + 2, 1e21, NaN, Infinity, '', 'plain', 'with "quote"', 'back\\slash', 'line\nbreak', 'tab\t',
  'emoji 😀', 'lone \ud800', 'é accent', 'x'.repeat(50), true, false, [], ['a'], ['a', 'b', 'c', 'd'], [1], {}, { a: 'x' }, new Date(0),
  '2026-02-30T00:00:00Z', '2026-01-02t03:04:05+05:30', '2026-01-02', 'not-an-email', 'a@b.co', 'c8', 'deleted', 'archived', 12n,
  { toJSON: () => 'from toJSON' },
]

function mutate(value: unknown, rnd: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  if (depth > 3 || rnd() < 0.15) return pick(oddValues)
  if (Array.isArray(value)) {
    const copy = value.map((v) => (rnd() < 0.3 ? mutate(v, rnd, depth + 1) : v))
    if (rnd() < 0.1) copy.push(pick(oddValues))
    if (rnd() < 0.1) copy.length = 0
    return copy
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const copy: JsonObject = { ...(value as JsonObject) }
    const keys = Object.keys(copy)
    if (keys.length > 0 && rnd() < 0.5) {
      const key = pick(keys)
      copy[key] = mutate(copy[key], rnd, depth + 1)
    }
    if (keys.length > 0 && rnd() < 0.1) delete copy[pick(keys)]
    if (rnd() < 0.1) copy[pick(['unknown', 'secret', 'level', 'nested', 'ratio', 'count'])] = pick(oddValues)
    if (rnd() < 0.05) return { ...copy, toJSON: () => ({ ...copy, name: 'From toJSON' }) }
    if (rnd() < 0.05) copy.created_at = new Date(Date.UTC(2026, 0, 2))
    return copy
  }
  return pick(oddValues)
}

/** What the output stage does without the one-pass path: validate, else its JSON form, then serialise. */
function twoPass(store: SchemaStore, schema: JsonObject): (value: unknown) => string | undefined {
  const validate = store.responseValidator('api', schema)
  const serialise = store.serialiser('api', schema)
  return (value) => {
    if (validate(value)) return serialise(value)
    let plain: unknown
    try {
      plain = JSON.parse(JSON.stringify(value) ?? 'null')
    } catch {
      return undefined
    }
    return validate(plain) ? serialise(plain) : undefined
  }
}

test('the one-pass path answers as validating then serialising does, or hands over', () => {
  const store = new SchemaStore()
  store.addApi('api', document)
  const cases: Array<[string, JsonObject, unknown[]]> = [
    ['Item', ref('Item'), Array.from({ length: 6 }, (_, i) => validItem(i))],
    ['Page', ref('Page'), [{ items: [validItem(0), validItem(1), validItem(3)], next: null }, { items: [validItem(2)], next: 'abc' }]],
    ['Tree', ref('Tree'), [{ name: 'root', children: [{ name: 'a', children: [] }, { name: 'b', children: [{ name: 'c' }] }] }]],
    ['OptionalFirst', ref('OptionalFirst'), [{}, { b: 'x' }, { a: 1, b: 'y' }]],
    ['inline array of Status', { type: 'array', items: ref('Status') }, [['draft', 'active'], []]],
    ['nullable integer', { type: ['null', 'integer'], maximum: 10 }, [null, 3, -0]],
  ]
  const rnd = seededRandom(20261129)
  let answered = 0
  let compared = 0
  for (const [name, schema, valid] of cases) {
    const checked = store.checkedSerialiser('api', schema)
    assert.ok(checked, `${name}: within what the one-pass path covers`)
    const slow = twoPass(store, schema)
    // Every valid base value takes the one-pass path.
    for (const value of valid) {
      const expected = slow(value)
      assert.notEqual(expected, undefined, `${name}: the base value is valid`)
      assert.equal(checked(value), expected, `${name}: ${JSON.stringify(value)}`)
    }
    for (let i = 0; i < 10_000; i++) {
      const value = mutate(valid[i % valid.length], rnd)
      const fast: string | undefined = checked(value)
      compared++
      if (fast === undefined) continue
      answered++
      assert.equal(fast, slow(value), `${name}: ${inspect(value, { depth: 5 })}`)
    }
  }
  // Both outcomes are exercised: the comparison is not vacuous.
  assert.ok(answered > compared * 0.2 && answered < compared * 0.9, `${answered} of ${compared} answered in one pass`)
})

test('schemas beyond the one-pass path are left to the validator and serialiser', () => {
  const store = new SchemaStore()
  store.addApi('api', document)
  const beyond: JsonObject[] = [
    { allOf: [ref('Item')] },
    { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    { type: 'object', additionalProperties: { type: 'string' }, properties: {} },
    { type: 'object' },
    { type: 'number', multipleOf: 3 },
    { type: 'string', const: 'x' },
    { type: 'array', items: { type: 'string' }, uniqueItems: true },
    { type: 'string', format: 'no-such-format' },
    { type: ['string', 'integer'] },
    { type: 'string', enum: ['a', 'with "quote"'] },
    {},
  ]
  for (const schema of beyond) assert.equal(store.checkedSerialiser('api', schema), undefined, JSON.stringify(schema))
})
