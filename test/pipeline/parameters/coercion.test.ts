// Strings become the types their schemas ask for, strictly (via coerceScalar): anything that
// is not a plain literal of the type stays a string, for the validator to refuse by name.
// Also: types learnt through $refs, ref chains and allOf/oneOf.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JsonObject, ParameterSpec } from '../../../src/pipeline/parameters/index.js'
import { one } from './helpers.js'
import { coerceScalar, scalarCoercer } from '../../../src/pipeline/coerce.js'

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

describe('integers read digit by digit', () => {
  // The grammar the digit loop must keep: a plain decimal literal, read by Number, kept
  // only when it is a safe integer (the regex path coerceScalar used before the loop).
  const reference = (text: string): unknown => {
    if (!/^-?(0|[1-9][0-9]*)$/.test(text)) return text
    const n = Number(text)
    return Number.isSafeInteger(n) ? n : text
  }
  const texts = ['', '-', '0', '-0', '00', '-00', '01', '-01', '7', '-7', '10', '42a', 'a42', '4 2', '+1', '1e3', '1.0', '١٢', '１２',
    '99999999999999', '999999999999999', '-999999999999999', '1000000000000000', '9007199254740991', '-9007199254740991',
    '9007199254740992', '12345678901234567890', '0123456789012345', '--1', '-a', '/', ':']
  // Every length from 1 to 18 digits, with and without a sign, and a non-digit at each position.
  for (let n = 1; n <= 18; n++) {
    const digits = '123456789012345678'.slice(0, n)
    texts.push(digits, `-${digits}`, digits.slice(0, -1) + 'x', digits.slice(0, -1) + '/', digits.slice(0, -1) + ':')
  }
  it('agrees with the regex grammar on every edge', () => {
    const integer = scalarCoercer(['integer'])
    for (const text of texts) {
      assert.ok(Object.is(coerceScalar(text, ['integer']), reference(text)), `coerceScalar ${JSON.stringify(text)}`)
      assert.ok(Object.is(integer(text), reference(text)), `scalarCoercer ${JSON.stringify(text)}`)
    }
  })
  it('keeps the other types and their order', () => {
    assert.equal(scalarCoercer(['integer', 'null'])('null'), null)
    assert.equal(scalarCoercer(['boolean'])('true'), true)
    assert.equal(scalarCoercer(['integer', 'string'])('5'), '5')
    assert.equal(scalarCoercer(undefined)('5'), '5')
  })
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
