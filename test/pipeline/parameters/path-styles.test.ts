// The OpenAPI 3.1 "Style Examples" table for path parameters (simple, label, matrix), each
// with explode off and on, for a primitive, an array and an object. Non-string schemas show
// that every piece is coerced after the style is taken apart.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JsonObject, ParameterSpec } from '../../../src/pipeline/parameters/index.js'
import { invalidDetails, one, parse } from './helpers.js'

const STRING: JsonObject = { type: 'string' }
const INTS: JsonObject = { type: 'array', items: { type: 'integer' } }
const STRINGS: JsonObject = { type: 'array', items: { type: 'string' } }
const PERSON: JsonObject = { $ref: '#/components/schemas/Person' }
const COLOR: JsonObject = { type: 'object', properties: { R: { type: 'integer' }, G: { type: 'integer' }, B: { type: 'integer' } } }

function pathParam(name: string, style: string | undefined, explode: boolean | undefined, schema: JsonObject): ParameterSpec {
  const p: ParameterSpec = { name, in: 'path', required: true, schema }
  if (style !== undefined) p.style = style
  if (explode !== undefined) p.explode = explode
  return p
}

function read(style: string | undefined, explode: boolean | undefined, schema: JsonObject, text: string, name = 'id'): unknown {
  return one(pathParam(name, style, explode, schema), { path: { [name]: text } })
}

// [style, explode, schema, the segment as captured, expected value]
const TABLE: Array<[string | undefined, boolean | undefined, JsonObject, string, unknown]> = [
  // simple (the default for paths): explode only changes objects
  [undefined, undefined, { type: 'integer' }, '5', 5],
  ['simple', false, STRING, 'blue', 'blue'],
  ['simple', false, INTS, '3,4,5', [3, 4, 5]],
  ['simple', true, INTS, '3,4,5', [3, 4, 5]],
  ['simple', false, PERSON, 'role,admin,firstName,Alex', { role: 'admin', firstName: 'Alex' }],
  ['simple', true, PERSON, 'role=admin,firstName=Alex', { role: 'admin', firstName: 'Alex' }],
  ['simple', false, COLOR, 'R,100,G,200,B,150', { R: 100, G: 200, B: 150 }],
  // label: a leading '.', lists comma-separated (RFC 6570) unless exploded
  ['label', false, { type: 'integer' }, '.5', 5],
  ['label', true, STRING, '.blue', 'blue'],
  ['label', false, INTS, '.3,4,5', [3, 4, 5]],
  ['label', true, INTS, '.3.4.5', [3, 4, 5]],
  ['label', false, COLOR, '.R,100,G,200,B,150', { R: 100, G: 200, B: 150 }],
  ['label', true, COLOR, '.R=100.G=200.B=150', { R: 100, G: 200, B: 150 }],
  ['label', false, STRING, '.', ''],
  // matrix: ';name=value', exploded lists repeat the name, exploded objects name their properties
  ['matrix', false, { type: 'integer' }, ';id=5', 5],
  ['matrix', true, { type: 'integer' }, ';id=5', 5],
  ['matrix', false, INTS, ';id=3,4,5', [3, 4, 5]],
  ['matrix', true, INTS, ';id=3;id=4;id=5', [3, 4, 5]],
  ['matrix', false, PERSON, ';id=role,admin,firstName,Alex', { role: 'admin', firstName: 'Alex' }],
  ['matrix', true, PERSON, ';role=admin;firstName=Alex', { role: 'admin', firstName: 'Alex' }],
  ['matrix', false, STRING, ';id', ''],
]

describe('path parameter styles (OpenAPI 3.1 style examples)', () => {
  for (const [style, explode, schema, text, expected] of TABLE) {
    it(`${style ?? 'default'} explode=${String(explode)} ${text}`, () => {
      assert.deepEqual(read(style, explode, schema, text), expected)
    })
  }

  it('keeps object property values typed by their (referenced) property schemas', () => {
    assert.deepEqual(read('simple', true, PERSON, 'role=admin,age=42'), { role: 'admin', age: 42 })
  })

  it('keeps items that are not integers as strings, for the validator to report', () => {
    assert.deepEqual(read('simple', false, INTS, '3,x,05'), [3, 'x', '05'])
  })

  it('keeps string items as sent, spaces and all', () => {
    assert.deepEqual(read('label', true, STRINGS, '.a b.c'), ['a b', 'c'])
  })
})

describe('path values that do not follow their style', () => {
  it('refuses a label value without its leading dot', () => {
    assert.deepEqual(invalidDetails(() => read('label', false, STRING, 'blue')), [
      { field: 'id', location: 'path', message: 'must be in label style (.value)' },
    ])
  })

  it('refuses a matrix value named after another parameter', () => {
    const [detail] = invalidDetails(() => read('matrix', false, STRING, ';other=5'))
    assert.equal(detail?.message, 'must be in matrix style (;id=value)')
  })

  it('refuses a scalar given twice in matrix style instead of keeping one', () => {
    const [detail] = invalidDetails(() => read('matrix', false, STRING, ';id=1;id=2'))
    assert.equal(detail?.message, 'is given more than once')
  })

  it('refuses an exploded matrix array with a foreign piece', () => {
    assert.equal(invalidDetails(() => read('matrix', true, INTS, ';id=1;x=2')).length, 1)
  })

  it('refuses an object with an odd name,value list', () => {
    const [detail] = invalidDetails(() => read('simple', false, PERSON, 'role,admin,firstName'))
    assert.equal(detail?.message, 'must be a list of name,value pairs')
  })

  it('refuses an exploded object piece without =', () => {
    const [detail] = invalidDetails(() => read('simple', true, PERSON, 'role=admin,Alex'))
    assert.equal(detail?.message, 'must be a list of name=value pairs')
  })

  it('refuses an object property given twice', () => {
    const [detail] = invalidDetails(() => read('simple', true, PERSON, 'role=a,role=b'))
    assert.deepEqual(detail, { field: 'id.role', location: 'path', message: 'is given more than once' })
  })

  it('never treats a router value inherited from Object.prototype as a parameter', () => {
    // A declared name like 'constructor' must not pick up Object.prototype.constructor.
    const parsed = parse([pathParam('constructor', undefined, undefined, STRING)], { path: {} })
    assert.equal(Object.hasOwn(parsed.path, 'constructor'), false)
  })
})
