// Query parameters in every style OpenAPI 3.1 allows there: form (explode on and off),
// spaceDelimited, pipeDelimited and deepObject, plus free-form exploded objects and what an
// empty value becomes.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JsonObject, ParameterSpec } from '../../../src/pipeline/parameters/index.js'
import { invalidDetails, one, parse } from './helpers.js'

const INTS: JsonObject = { type: 'array', items: { type: 'integer' } }
const PERSON: JsonObject = { $ref: '#/components/schemas/Person' }
const COLOR: JsonObject = { $ref: '#/components/schemas/Color' }

function q(schema: JsonObject, extra: Partial<ParameterSpec> = {}, name = 'id'): ParameterSpec {
  return { name, in: 'query', schema, ...extra }
}

// [parameter, query string, expected value]
const TABLE: Array<[ParameterSpec, string, unknown]> = [
  // form, the default: explode defaults to true
  [q({ type: 'integer' }), 'id=5', 5],
  [q({ type: 'string' }), 'id=', ''],
  [q(INTS), 'id=3&id=4&id=5', [3, 4, 5]],
  [q(INTS), 'id=3', [3]],
  [q(INTS, { explode: false }), 'id=3,4,5', [3, 4, 5]],
  [q(PERSON), 'role=admin&firstName=Alex', { role: 'admin', firstName: 'Alex' }],
  [q(PERSON, { explode: false }), 'id=role,admin,firstName,Alex', { role: 'admin', firstName: 'Alex' }],
  // the delimited styles; URLSearchParams-style escaping of the delimiter works too
  [q(INTS, { style: 'spaceDelimited' }), 'id=3%204%205', [3, 4, 5]],
  [q(INTS, { style: 'spaceDelimited' }), 'id=3+4+5', [3, 4, 5]],
  [q(INTS, { style: 'pipeDelimited' }), 'id=3|4|5', [3, 4, 5]],
  [q(INTS, { style: 'pipeDelimited' }), 'id=3%7C4%7C5', [3, 4, 5]],
  [q(COLOR, { style: 'pipeDelimited' }), 'id=R|100|G|200', { R: 100, G: 200 }],
  [q(INTS, { style: 'pipeDelimited', explode: true }), 'id=3&id=4', [3, 4]],
  [q(INTS, { explode: false }), 'id=3%2C4', [3, 4]],
  // deepObject: properties typed by the (referenced) property schemas
  [q(COLOR, { style: 'deepObject', explode: true }, 'color'), 'color[R]=100&color[G]=200&color[B]=150', { R: 100, G: 200, B: 150 }],
  [q(COLOR, { style: 'deepObject' }, 'color'), 'color%5BR%5D=100', { R: 100 }],
]

describe('query parameter styles (OpenAPI 3.1 style examples)', () => {
  for (const [param, query, expected] of TABLE) {
    it(`${param.style ?? 'form'} explode=${String(param.explode)} ${query}`, () => {
      assert.deepEqual(one(param, { query }), expected)
    })
  }

  it('leaves a parameter that is not in the query absent, not undefined-valued', () => {
    const parsed = parse([q({ type: 'integer' }), q(COLOR, { style: 'deepObject' }, 'color'), q(PERSON, {}, 'who')], { query: 'other=1' })
    assert.deepEqual(parsed.query, {})
  })

  it('collects a deepObject array property from repeated keys', () => {
    const schema = { type: 'object', properties: { tag: INTS } }
    assert.deepEqual(one(q(schema, { style: 'deepObject' }, 'f'), { query: 'f[tag]=1&f[tag]=2' }), { tag: [1, 2] })
  })

  it('refuses nested deepObject keys rather than guessing', () => {
    const [detail] = invalidDetails(() => one(q(COLOR, { style: 'deepObject' }, 'color'), { query: 'color[R][x]=1' }))
    assert.deepEqual(detail, { field: 'color[R][x]', location: 'query', message: 'must be name[property] (deepObject has one level)' })
  })

  it('gathers every unclaimed key into a free-form exploded object', () => {
    const params = [q({ type: 'object', additionalProperties: { type: 'integer' } }, {}, 'rest'), q({ type: 'integer' }, {}, 'limit'), q(COLOR, { style: 'deepObject' }, 'c')]
    const parsed = parse(params, { query: 'limit=5&a=1&b=x&c[R]=1' })
    assert.deepEqual(parsed.query, { limit: 5, rest: { a: 1, b: 'x' }, c: { R: 1 } })
  })
})

describe('repeated query keys', () => {
  it('refuses a scalar given twice instead of silently keeping one', () => {
    assert.deepEqual(invalidDetails(() => one(q({ type: 'integer' }), { query: 'id=1&id=2' })), [
      { field: 'id', location: 'query', message: 'is given more than once' },
    ])
  })

  it('refuses a non-exploded array given twice (its items belong in one value)', () => {
    assert.equal(invalidDetails(() => one(q(INTS, { explode: false }), { query: 'id=1,2&id=3' })).length, 1)
  })

  it('refuses an exploded object property given twice', () => {
    const [detail] = invalidDetails(() => one(q(PERSON), { query: 'role=a&role=b' }))
    assert.equal(detail?.field, 'id.role')
  })
})

describe('empty query values', () => {
  it('keeps an empty integer as "" so the validator refuses it', () => {
    assert.equal(one(q({ type: 'integer' }), { query: 'id=' }), '')
  })

  it('treats a key without = like an empty value', () => {
    assert.equal(one(q({ type: 'string' }), { query: 'id' }), '')
  })

  it('makes an empty non-string scalar absent with allowEmptyValue, so a default can apply', () => {
    const parsed = parse([q({ type: 'integer', default: 3 }, { allowEmptyValue: true })], { query: 'id=' })
    assert.equal(Object.hasOwn(parsed.query, 'id'), false)
  })

  it('makes an empty array [] with allowEmptyValue, and leaves it "" without', () => {
    assert.deepEqual(one(q(INTS, { explode: false, allowEmptyValue: true }), { query: 'id=' }), [])
    assert.equal(one(q(INTS, { explode: false }), { query: 'id=' }), '')
    assert.equal(one(q(INTS), { query: 'id=' }), '')
  })

  it('keeps empty items of an exploded array as "" items', () => {
    assert.deepEqual(one(q(INTS), { query: 'id=1&id=' }), [1, ''])
  })
})
