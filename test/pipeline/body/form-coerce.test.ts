import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAjv } from '../../../src/pipeline/ajv.js'
import { deref } from '../../../src/pipeline/deref.js'
import { compileFormCoercion, isBinarySchema, prepareMultipartSchema } from '../../../src/pipeline/body/form-coerce.js'
import type { UploadedFile } from '../../../src/pipeline/body/multipart.js'
import type { JsonObject } from '../../../src/spec/types.js'

const document: JsonObject = {
  components: {
    schemas: {
      Count: { type: 'integer' },
      File: { type: 'string', format: 'binary' },
      Meta: { type: 'object', properties: { owner: { type: 'string' } }, required: ['owner'] },
      Base: { type: 'object', properties: { avatar: { $ref: '#/components/schemas/File' }, age: { type: 'integer' } } },
    },
  },
}
const resolve = (schema: JsonObject) => deref(document, schema)
const file = (text: string, mimetype = 'text/plain'): UploadedFile => ({ filename: 'x.txt', mimetype, encoding: '7bit', size: text.length, data: Buffer.from(text) })
const fields = (entries: Record<string, unknown>) => Object.assign(Object.create(null) as Record<string, unknown>, entries)

describe('compileFormCoercion', () => {
  const schema: JsonObject = {
    type: 'object',
    properties: {
      count: { $ref: '#/components/schemas/Count' },
      ratio: { type: 'number' },
      active: { type: 'boolean' },
      zip: { type: 'string' },
      maybe: { type: ['integer', 'null'] },
      ids: { type: 'array', items: { type: 'integer' } },
      meta: { $ref: '#/components/schemas/Meta' },
      raw: { type: 'object' },
      notes: { type: 'array', items: { type: 'object' } },
      photo: { type: 'string', format: 'binary' },
    },
    additionalProperties: { type: 'boolean' },
  }
  const coerce = compileFormCoercion(schema, resolve, { raw: { contentType: 'text/plain' } })

  it('types scalars strictly and leaves what does not convert', () => {
    const out = coerce(fields({ count: '12', ratio: '-1.5e2', active: 'true', zip: '007', maybe: 'null', extra: 'false' }))
    assert.deepEqual(out, { count: 12, ratio: -150, active: true, zip: '007', maybe: null, extra: false })
    assert.deepEqual(coerce(fields({ count: '0x10', active: 'yes' })), { count: '0x10', active: 'yes' })
    assert.equal(Object.getPrototypeOf(out), Object.prototype, 'a plain object for handlers')
  })

  it('makes arrays from repeated names and from a single value', () => {
    assert.deepEqual(coerce(fields({ ids: ['1', '2', 'x'] })), { ids: [1, 2, 'x'] })
    assert.deepEqual(coerce(fields({ ids: '7' })), { ids: [7] })
  })

  it('parses object fields as JSON (the OpenAPI default), unless the encoding says otherwise', () => {
    assert.deepEqual(coerce(fields({ meta: '{"owner":"ann"}', raw: '{"a":1}' })), { meta: { owner: 'ann' }, raw: '{"a":1}' })
    assert.deepEqual(coerce(fields({ notes: ['{"n":1}', '{"n":2}'] })), { notes: [{ n: 1 }, { n: 2 }] })
    // FormData sends a JSON Blob as a file part.
    assert.deepEqual(coerce(fields({ meta: file('{"owner":"bo"}', 'application/json') })), { meta: { owner: 'bo' } })
  })

  it('refuses invalid JSON and forbidden keys in a JSON field, naming the field', () => {
    assert.throws(() => coerce(fields({ meta: '{"owner":' })), (err: { code: string; details: unknown }) => {
      assert.equal(err.code, 'INVALID_PARAMETER')
      assert.deepEqual(err.details, [{ field: 'meta', location: 'body', message: 'is not valid JSON: unexpected end of input at line 1, column 10 (offset 9)' }])
      return true
    })
    assert.throws(() => coerce(fields({ notes: ['{}', '{"__proto__":{}}'] })), (err: { details: { field: string }[] }) => err.details[0]?.field === 'notes[1].__proto__')
    assert.throws(() => coerce(fields({ ['__proto__']: 'x' })), /forbidden property name|forbidden/)
  })

  it('keeps files for binary properties', () => {
    const photo = file('img')
    assert.equal(coerce(fields({ photo })).photo, photo)
  })

  it('honours an encoding contentType of JSON for any property, and allOf members', () => {
    const composed: JsonObject = { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { tags: { type: 'array', items: { type: 'string' } } } }] }
    const c = compileFormCoercion(composed, resolve, { tags: { contentType: 'application/json' } })
    assert.deepEqual(c(fields({ age: '41', tags: '["a","b"]' })), { age: 41, tags: ['a', 'b'] })
  })
})

describe('prepareMultipartSchema', () => {
  const ajv = createAjv('request')
  const schema: JsonObject = {
    type: 'object',
    required: ['title', 'doc'],
    properties: {
      title: { type: 'string' },
      doc: { type: 'string', format: 'binary', maxLength: 10 },
      scans: { type: 'array', items: { type: 'string', contentMediaType: 'image/png' } },
      b64: { type: 'string', contentEncoding: 'base64' },
    },
  }

  it('turns binary properties into UploadedFile schemas that Ajv validates', () => {
    const before = JSON.stringify(schema)
    const prepared = prepareMultipartSchema(schema, resolve)
    assert.notEqual(prepared, schema)
    assert.equal(JSON.stringify(schema), before, 'the original is untouched')
    const validate = ajv.compile(prepared)
    assert.equal(validate({ title: 't', doc: file('0123456789'), scans: [file('png')], b64: 'QQ==' }), true, JSON.stringify(validate.errors))
    assert.equal(validate({ title: 't', doc: 'not a file' }), false)
    assert.equal(validate.errors?.[0]?.instancePath, '/doc')
    assert.equal(validate({ title: 't', doc: file('01234567890') }), false, 'maxLength bounds the size')
    assert.equal(validate.errors?.[0]?.instancePath, '/doc/size')
  })

  it('rewrites through $ref and allOf, and returns a schema without files as it is', () => {
    const composed: JsonObject = { allOf: [{ $ref: '#/components/schemas/Base' }, { required: ['avatar'] }] }
    const validate = ajv.compile(prepareMultipartSchema(composed, resolve))
    assert.equal(validate({ avatar: file('a'), age: 3 }), true, JSON.stringify(validate.errors))
    assert.equal(validate({ avatar: 'a', age: 3 }), false)
    const plain: JsonObject = { type: 'object', properties: { a: { type: 'string' } } }
    assert.equal(prepareMultipartSchema(plain, resolve), plain)
  })

  it('recognises binary schemas of 3.0 and 3.1', () => {
    assert.equal(isBinarySchema({ type: 'string', format: 'binary' }), true)
    assert.equal(isBinarySchema({ type: 'string', contentMediaType: 'application/octet-stream' }), true)
    assert.equal(isBinarySchema({ type: 'string', contentMediaType: 'image/png', contentEncoding: 'base64' }), false)
    assert.equal(isBinarySchema({ type: 'string' }), false)
  })
})
