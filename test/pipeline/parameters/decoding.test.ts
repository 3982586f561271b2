// Getting raw text out of the request: query decoding ('+' and %XX), malformed escapes,
// prototype-pollution attempts, cookies and header values (including Node's string[]).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JsonObject, ParameterSpec } from '../../../src/pipeline/parameters/index.js'
import { invalidDetails, one, parse } from './helpers.js'

const STRING: JsonObject = { type: 'string' }
const INTS: JsonObject = { type: 'array', items: { type: 'integer' } }

describe('query decoding', () => {
  const name: ParameterSpec = { name: 'name', in: 'query', schema: STRING }

  it("decodes %XX and '+' (form encoding) in values", () => {
    assert.equal(one(name, { query: 'name=J%C3%BCrgen+M%2B%26' }), 'Jürgen M+&')
  })

  it('decodes keys before matching them', () => {
    assert.equal(one(name, { query: 'n%61me=x' }), 'x')
  })

  it('refuses malformed percent-encoding in a declared value, naming the field', () => {
    assert.deepEqual(invalidDetails(() => one(name, { query: 'name=%E0%A4%A' })), [
      { field: 'name', location: 'query', message: 'has malformed percent-encoding' },
    ])
  })

  it('refuses malformed percent-encoding in a key', () => {
    const [detail] = invalidDetails(() => one(name, { query: 'a%zz=1' }))
    assert.equal(detail?.field, 'a%zz')
  })

  it('does not decode values nobody declared (a stray bad escape there is harmless)', () => {
    assert.equal(one(name, { query: 'utm=%zz&name=ok' }), 'ok')
  })

  it('does not read the query at all when no query parameter is declared', () => {
    const header: ParameterSpec = { name: 'X-A', in: 'header', schema: STRING }
    assert.deepEqual(parse([header], { query: '%zz=%zz' }).query, {})
  })
})

describe('prototype pollution attempts', () => {
  it('copies only declared names: __proto__ and constructor keys go nowhere', () => {
    const parsed = parse([{ name: 'a', in: 'query', schema: STRING }], { query: '__proto__[x]=1&__proto__=2&constructor=3&a=ok' })
    assert.deepEqual(Object.keys(parsed.query), ['a'])
    assert.equal(Object.getPrototypeOf(parsed.query), Object.prototype)
    assert.equal(({} as Record<string, unknown>).x, undefined)
  })

  it('keeps a __proto__ key of a free-form object as a plain own property', () => {
    const free: ParameterSpec = { name: 'rest', in: 'query', schema: { type: 'object' } }
    const rest = one(free, { query: '__proto__=1&constructor=2' }) as Record<string, unknown>
    assert.deepEqual(Object.keys(rest), ['__proto__', 'constructor'])
    assert.equal(Object.getPrototypeOf(rest), Object.prototype)
    assert.equal(Object.getOwnPropertyDescriptor(rest, '__proto__')?.value, '1')
  })

  it('a parameter named __proto__, or with quotes, backslashes, line separators or digits, is an own property by its name', () => {
    // The readers of a location are one generated function (compile.ts): names go into its source as literals.
    const names = ['__proto__', 'constructor', 'a"b', "c'd", 'e\\f', 'g\u2028h', '0', '1e3', 'x-y', '${z}']
    const query = names.map((n, i) => `${encodeURIComponent(n)}=${i}`).join('&')
    const parsed = parse(names.map((name) => ({ name, in: 'query', schema: STRING })), { query })
    assert.deepEqual(Object.keys(parsed.query).sort(), [...names].sort())
    names.forEach((name, i) => assert.equal(Object.getOwnPropertyDescriptor(parsed.query, name)?.value, String(i), name))
    assert.equal(Object.getPrototypeOf(parsed.query), Object.prototype)
  })

  it('keeps a deepObject __proto__ property off the prototype chain', () => {
    const deep: ParameterSpec = { name: 'f', in: 'query', style: 'deepObject', schema: { type: 'object' } }
    const f = one(deep, { query: 'f[__proto__]=1&f[polluted]=2' }) as Record<string, unknown>
    assert.equal(Object.getPrototypeOf(f), Object.prototype)
    assert.equal(Object.hasOwn(f, '__proto__'), true)
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined)
  })
})

describe('cookies', () => {
  const cookie = (name: string, schema: JsonObject, extra: Partial<ParameterSpec> = {}): ParameterSpec => ({ name, in: 'cookie', schema, ...extra })

  it('reads name=value pairs from the cookie header, percent-decoded but keeping +', () => {
    const parsed = parse([cookie('session', STRING), cookie('n', { type: 'integer' })], { headers: { cookie: 'session=a%20b+c; n=42; other=%zz' } })
    assert.deepEqual(parsed.cookies, { session: 'a b+c', n: 42 })
  })

  it('drops the optional double quotes around a cookie value', () => {
    assert.equal(one(cookie('s', STRING), { headers: { cookie: 's="abc"' } }), 'abc')
  })

  it('takes the first of two same-named cookies (browsers send the most specific path first)', () => {
    assert.equal(one(cookie('s', STRING), { headers: { cookie: 's=inner; s=outer' } }), 'inner')
  })

  it('reads an array from a comma list when explode is false, and from repeats when true', () => {
    assert.deepEqual(one(cookie('ids', INTS, { explode: false }), { headers: { cookie: 'ids=1,2' } }), [1, 2])
    assert.deepEqual(one(cookie('ids', INTS), { headers: { cookie: 'ids=1; ids=2' } }), [1, 2])
  })

  it('refuses malformed percent-encoding in a declared cookie', () => {
    const [detail] = invalidDetails(() => one(cookie('s', STRING), { headers: { cookie: 's=%E0' } }))
    assert.deepEqual(detail, { field: 's', location: 'cookie', message: 'has malformed percent-encoding' })
  })

  it('joins the string[] of several cookie fields (HTTP/2)', () => {
    const parsed = parse([cookie('a', STRING), cookie('b', STRING)], { headers: { cookie: ['a=1', 'b=2'] } })
    assert.deepEqual(parsed.cookies, { a: '1', b: '2' })
  })
})

describe('headers', () => {
  const header = (name: string, schema: JsonObject, extra: Partial<ParameterSpec> = {}): ParameterSpec => ({ name, in: 'header', schema, ...extra })

  it('finds a declared header case-insensitively and keys it by its declared name', () => {
    const parsed = parse([header('X-Rate-Limit', { type: 'integer' })], { headers: { 'x-rate-limit': '10' } })
    assert.deepEqual(parsed.headers, { 'X-Rate-Limit': 10 })
  })

  it("joins Node's string[] with ', ' and trims items of a simple list", () => {
    assert.deepEqual(one(header('X-Ids', INTS), { headers: { 'x-ids': ['1, 2', '3'] } }), [1, 2, 3])
  })

  it('reads an exploded object header', () => {
    const person = { $ref: '#/components/schemas/Person' }
    assert.deepEqual(one(header('X-Who', person, { explode: true }), { headers: { 'x-who': 'role=admin, age=3' } }), { role: 'admin', age: 3 })
  })

  it('ignores Accept, Content-Type and Authorization parameters, as OpenAPI requires', () => {
    const parsed = parse([header('Accept', STRING, { required: true })], { headers: { accept: 'text/plain' } })
    assert.deepEqual(parsed.headers, {})
  })
})
