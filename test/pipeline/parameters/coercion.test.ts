// Strings become the types their schemas ask for, strictly (via coerceScalar): anything that
// is not a plain literal of the type stays a string, for the validator to refuse by name.
// Also: types learnt through $refs, ref chains and allOf/oneOf.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JsonObject, ParameterSpec } from '../../../src/pipeline/parameters/index.js'
import { one } from './helpers.js'

function value(schema: JsonObject, text: string): unknown {
  const param: ParameterSpec = { name: 'v', in: 'query', schema }
  return one(param, { query: `v=${encodeURIComponent(text)}` })
}

describe('scalar coercion', () => {
  const cases: Array<[JsonObject, string, unknown]> = [
    [{ type: 'integer' }, '42', 42],
    [{ type: 'integer' }, '-7', -7],
    [{ type: 'integer' }, '0', 0],
    [{ type: 'integer' }, '007', '007'], // leading zeros are not a decimal literal
    [{ type: 'integer' }, '0x1A', '0x1A'], // no hex
    [{ type: 'integer' }, ' 5', ' 5'], // no whitespace
    [{ type: 'integer' }, '1.5', '1.5'],
    [{ type: 'integer' }, '9007199254740993', '9007199254740993'], // beyond safe integers
    [{ type: 'number' }, '1.5', 1.5],
    [{ type: 'number' }, '-2e3', -2000],
    [{ type: 'number' }, 'Infinity', 'Infinity'],
    [{ type: 'number' }, 'NaN', 'NaN'],
    [{ type: 'number' }, '.5', '.5'],
    [{ type: 'boolean' }, 'true', true],
    [{ type: 'boolean' }, 'false', false],
    [{ type: 'boolean' }, '1', '1'],
    [{ type: 'boolean' }, 'TRUE', 'TRUE'],
    [{ type: ['integer', 'null'] }, 'null', null],
    [{ type: 'string' }, '007', '007'], // strings stay exactly as sent
    [{}, '12', '12'], // no type: nothing to coerce to
  ]
  for (const [schema, text, expected] of cases) {
    it(`${JSON.stringify(schema)} ${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(value(schema, text), expected)
    })
  }
})

describe('types found through $ref', () => {
  it('follows a $ref to the schema', () => {
    assert.equal(value({ $ref: '#/components/schemas/Id' }, '5'), 5)
  })

  it('follows a chain of $refs', () => {
    assert.equal(value({ $ref: '#/components/schemas/IdAlias' }, '5'), 5)
  })

  it('learns types from oneOf members that are $refs', () => {
    assert.equal(value({ oneOf: [{ $ref: '#/components/schemas/Id' }, { type: 'boolean' }] }, 'true'), true)
  })

  it('coerces array items by a referenced item schema', () => {
    const schema = { type: 'array', items: { $ref: '#/components/schemas/IdAlias' } }
    assert.deepEqual(one({ name: 'v', in: 'query', schema, explode: false }, { query: 'v=1,2' }), [1, 2])
  })

  it('finds the properties of an object composed with allOf', () => {
    const schema = { allOf: [{ $ref: '#/components/schemas/Color' }, { type: 'object', properties: { A: { type: 'number' } } }] }
    const param: ParameterSpec = { name: 'c', in: 'query', style: 'deepObject', schema }
    assert.deepEqual(one(param, { query: 'c[R]=1&c[A]=0.5&c[Z]=1' }), { R: 1, A: 0.5, Z: '1' })
  })

  it('coerces undeclared properties by additionalProperties', () => {
    const schema = { type: 'object', additionalProperties: { type: 'boolean' } }
    assert.deepEqual(one({ name: 'f', in: 'query', schema, style: 'deepObject' }, { query: 'f[a]=true&f[b]=no' }), { a: true, b: 'no' })
  })
})
