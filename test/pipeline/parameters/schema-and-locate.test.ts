// The validation schema compileParameters builds (checked with a real Ajv 2020, as the
// caller uses it), locate(), content (JSON) parameters, spec errors caught at compile time,
// and the no-parameter fast path.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { compileParameters, type ParameterSpec } from '../../../src/pipeline/parameters/index.js'
import { components, invalidDetails, one, parse, resolve } from './helpers.js'

const PARAMS: ParameterSpec[] = [
  { name: 'id', in: 'path', schema: { $ref: '#/components/schemas/Id' } },
  { name: 'limit', in: 'query', schema: { type: 'integer', default: 20, maximum: 100 } },
  { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
  { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
  { name: 'session', in: 'cookie', schema: { type: 'string' } },
]

function validator() {
  const compiled = compileParameters(PARAMS, resolve)
  const ajv = new Ajv2020({ useDefaults: true, allErrors: true, strict: false })
  ajv.addSchema({ components: { schemas: components } }, 'doc')
  // The caller points local refs at its document; here the test rewrites them the same way.
  const schema = JSON.parse(JSON.stringify(compiled.schema).replaceAll('"#/components', '"doc#/components'))
  return { compiled, validate: ajv.compile(schema) }
}

describe('the validation schema', () => {
  it('lists required parameters per location, path parameters always, keeping $refs', () => {
    const { schema } = compileParameters(PARAMS, resolve)
    const props = schema.properties as Record<string, Record<string, unknown>>
    assert.deepEqual(props.path, { type: 'object', properties: { id: { $ref: '#/components/schemas/Id' } }, required: ['id'] })
    assert.deepEqual(props.query?.required, ['q'])
    assert.deepEqual(props.headers?.required, ['X-Trace'])
    assert.equal(props.cookies?.required, undefined)
    for (const loc of Object.values(props)) assert.equal(loc.additionalProperties, undefined)
  })

  it('validates parsed values: defaults fill in, unknown keys pass, bad values fail', () => {
    const { compiled, validate } = validator()
    const good = compiled.parse({ path: { id: '7' }, query: 'q=x&unknown=1', headers: { 'x-trace': 't' } })
    assert.equal(validate(good), true)
    assert.deepEqual(good, { path: { id: 7 }, query: { q: 'x', limit: 20 }, headers: { 'X-Trace': 't' }, cookies: {} })
    const bad = compiled.parse({ path: { id: 'x' }, query: 'limit=500', headers: {} })
    assert.equal(validate(bad), false)
    const paths = (validate.errors ?? []).map((e) => e.instancePath).sort()
    assert.deepEqual(paths, ['/headers', '/path/id', '/query', '/query/limit'])
  })
})

describe('locate()', () => {
  const { locate } = compileParameters(PARAMS, resolve)
  it('maps instance paths to a location and a dotted field', () => {
    assert.deepEqual(locate('/query/limit'), { location: 'query', field: 'limit' })
    assert.deepEqual(locate('/headers/X-Trace'), { location: 'header', field: 'X-Trace' })
    assert.deepEqual(locate('/cookies/session'), { location: 'cookie', field: 'session' })
    assert.deepEqual(locate('/path/id'), { location: 'path', field: 'id' })
    assert.deepEqual(locate('/query/filter/tags/2'), { location: 'query', field: 'filter.tags[2]' })
    assert.deepEqual(locate('/query/a~1b'), { location: 'query', field: 'a/b' })
  })
  it('gives an empty field for a location itself (required errors name the property)', () => {
    assert.deepEqual(locate('/headers'), { location: 'header', field: '' })
  })
})

describe('content parameters', () => {
  const json: ParameterSpec = { name: 'filter', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } }

  it('parses a JSON value and validates against the media type schema', () => {
    assert.deepEqual(one(json, { query: `filter=${encodeURIComponent('{"a":[1,2]}')}` }), { a: [1, 2] })
    const props = compileParameters([json], resolve).schema.properties as Record<string, Record<string, unknown>>
    assert.deepEqual(props.query?.properties, { filter: { type: 'object' } })
  })

  it('refuses invalid JSON with the field and location', () => {
    assert.deepEqual(invalidDetails(() => one(json, { query: 'filter={a' })), [{ field: 'filter', location: 'query', message: 'is not valid JSON' }])
  })

  it('reads +json headers as JSON and other media types as text', () => {
    const h: ParameterSpec = { name: 'X-Meta', in: 'header', content: { 'application/problem+json': {} } }
    assert.deepEqual(one(h, { headers: { 'x-meta': '[1]' } }), [1])
    const t: ParameterSpec = { name: 'X-Text', in: 'header', content: { 'text/plain': {} } }
    assert.equal(one(t, { headers: { 'x-text': '[1]' } }), '[1]')
  })
})

describe('compile-time checks and the empty case', () => {
  it('rejects a style the location does not allow, and an unknown style', () => {
    assert.throws(() => compileParameters([{ name: 'a', in: 'query', style: 'matrix' }], resolve), /style 'matrix' is not allowed/)
    assert.throws(() => compileParameters([{ name: 'a', in: 'path', style: 'tabDelimited' }], resolve), /not allowed/)
  })

  it('rejects deepObject on an array schema', () => {
    assert.throws(() => compileParameters([{ name: 'a', in: 'query', style: 'deepObject', schema: { type: 'array' } }], resolve), /deepObject/)
  })

  it('returns fresh empty objects for an operation without parameters', () => {
    const compiled = compileParameters([], resolve)
    const a = compiled.parse({ path: {}, query: 'x=%zz', headers: { cookie: 'a=%zz' } })
    assert.deepEqual(a, { path: {}, query: {}, headers: {}, cookies: {} })
    assert.notEqual(a.query, compiled.parse({ path: {}, query: '', headers: {} }).query)
  })

  it('parses several locations in one call', () => {
    const parsed = parse(PARAMS, { path: { id: '1' }, query: 'q=a+b', headers: { 'x-trace': 't', cookie: 'session=s' } })
    assert.deepEqual(parsed, { path: { id: 1 }, query: { q: 'a b' }, headers: { 'X-Trace': 't' }, cookies: { session: 's' } })
  })
})
