import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { translateFastifyError } from '../../../src/pipeline/body/parsers.js'
import { MalformedJson, NotFound } from '../../../src/errors/http-errors.js'
import { bodyApp } from './helpers.js'

const app = bodyApp({ bodyLimit: 1024, maxFields: 8 })
after(() => app.close())

const post = (payload: string | Buffer | Readable, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/echo', payload, headers })

describe('JSON bodies', () => {
  it('parses application/json, with parameters, and any +json type', async () => {
    const plain = await post('{"a":1,"b":[true,null,"x"]}', { 'content-type': 'application/json' })
    assert.equal(plain.statusCode, 200)
    assert.deepEqual(plain.json(), { kind: 'object', body: { a: 1, b: [true, null, 'x'] } })
    const charset = await post('[1,2]', { 'content-type': 'Application/JSON; charset=UTF-8' })
    assert.deepEqual(charset.json(), { kind: 'array', body: [1, 2] })
    const patch = await post('{"op":"x"}', { 'content-type': 'application/merge-patch+json' })
    assert.deepEqual(patch.json(), { kind: 'object', body: { op: 'x' } })
  })

  it('parses scalars and tolerates a BOM', async () => {
    assert.deepEqual((await post('42', { 'content-type': 'application/json' })).json(), { kind: 'number', body: 42 })
    assert.deepEqual((await post('\uFEFF{"a":"é"}', { 'content-type': 'application/json' })).json().body, { a: 'é' })
  })

  it('answers MALFORMED_JSON with the position, without echoing the body', async () => {
    const secret = 'x'.repeat(300)
    const res = await post(`{"token":"${secret}",\n "n": tru}`, { 'content-type': 'application/json' })
    assert.equal(res.statusCode, 400)
    const body = res.json()
    assert.equal(body.code, 'MALFORMED_JSON')
    assert.match(body.message, /unexpected character '}' at line 2, column 10 \(offset 322\)/)
    assert.ok(!body.message.includes('xxxx'), 'the body is not echoed')
    const truncated = await post('{"a":[1,2', { 'content-type': 'application/problem+json' })
    assert.equal(truncated.json().code, 'MALFORMED_JSON')
    assert.match(truncated.json().message, /unexpected end of input at line 1, column 10/)
  })

  it('answers MALFORMED_JSON for an empty or blank body', async () => {
    for (const payload of ['', '  \n ']) {
      const res = await post(payload, { 'content-type': 'application/json' })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'MALFORMED_JSON')
      assert.match(res.json().message, /empty/)
    }
  })

  it('refuses __proto__ by name, even \\u-escaped, instead of stripping it', async () => {
    const res = await post('{"a":1,"__proto__":{"admin":true}}', { 'content-type': 'application/json' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json().details, [{ field: '__proto__', location: 'body', message: 'forbidden property name' }])
    assert.equal(res.json().code, 'INVALID_PARAMETER')
    const escaped = await post('{"user":{"\\u005f_proto__":{"x":1}}}', { 'content-type': 'application/json' })
    assert.equal(escaped.json().details[0].field, 'user.__proto__')
  })

  it('refuses a nested constructor.prototype, but not a harmless constructor key', async () => {
    const res = await post('{"items":[{"ok":1},{"constructor":{"prototype":{"polluted":true}}}]}', { 'content-type': 'application/json' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json().details, [{ field: 'items[1].constructor.prototype', location: 'body', message: 'forbidden property name' }])
    const harmless = await post('{"constructor":"Brunel","meta":{"constructor":{"name":"x"}}}', { 'content-type': 'application/json' })
    assert.equal(harmless.statusCode, 200)
    assert.equal(harmless.json().body.constructor, 'Brunel')
  })

  it('answers PAYLOAD_TOO_LARGE over bodyLimit, by Content-Length and while streaming', async () => {
    const big = JSON.stringify({ a: 'y'.repeat(2000) })
    const res = await post(big, { 'content-type': 'application/json' })
    assert.equal(res.statusCode, 413)
    assert.equal(res.json().code, 'PAYLOAD_TOO_LARGE')
    assert.match(res.json().message, /1024 bytes/)
    // No Content-Length: Fastify counts bytes as they arrive.
    const streamed = await post(Readable.from([Buffer.from(big.slice(0, 1000)), Buffer.from(big.slice(1000))]), { 'content-type': 'application/json' })
    assert.equal(streamed.statusCode, 413)
    assert.equal(streamed.json().code, 'PAYLOAD_TOO_LARGE')
  })
})

describe('url-encoded forms', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' }

  it('gives strings, arrays for repeated names, in a null-prototype object', async () => {
    const res = await post('tag=a&name=J%C3%B6rg+M&tag=b&empty=&flag&toString=x&tag=c', form)
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), {
      kind: 'null-prototype',
      body: { tag: ['a', 'b', 'c'], name: 'Jörg M', empty: '', flag: '', toString: 'x' },
    })
  })

  it('refuses malformed percent-encoding and __proto__', async () => {
    const bad = await post('ok=1&na%zzme=2', form)
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(bad.json().details, [{ field: 'na%zzme', location: 'body', message: 'malformed percent-encoding' }])
    const badValue = await post('city=%E0%A4%A', form)
    assert.equal(badValue.json().details[0].field, 'city')
    const proto = await post('__proto__=1', form)
    assert.equal(proto.json().details[0].message, 'forbidden property name')
  })

  it('refuses more fields than maxFields', async () => {
    const res = await post('a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9', form)
    assert.equal(res.statusCode, 413)
    assert.match(res.json().message, /more than 8 fields/)
  })
})

describe('text and other types', () => {
  it('decodes text/* by its charset', async () => {
    const utf8 = await post('héllo', { 'content-type': 'text/plain' })
    assert.deepEqual(utf8.json(), { kind: 'string', body: 'héllo' })
    const latin1 = await post(Buffer.from([0x63, 0x61, 0x66, 0xe9]), { 'content-type': 'text/csv; charset=ISO-8859-1' })
    assert.equal(latin1.json().body, 'café')
    const unknown = await post('x', { 'content-type': 'text/plain; charset=klingon' })
    assert.equal(unknown.statusCode, 415)
    assert.equal(unknown.json().code, 'UNSUPPORTED_MEDIA_TYPE')
  })

  it('hands any other type to the handler as a Buffer, so the operation can answer 415 itself', async () => {
    const bytes = Buffer.from([0, 1, 2, 255])
    const res = await post(bytes, { 'content-type': 'application/vnd.unknown' })
    assert.deepEqual(res.json(), { kind: 'buffer', body: { base64: bytes.toString('base64') } })
    const octets = await post(bytes, { 'content-type': 'application/octet-stream' })
    assert.equal(octets.json().kind, 'buffer')
    const xml = await post('<a/>', { 'content-type': 'application/xml' })
    assert.equal(Buffer.from(xml.json().body.base64, 'base64').toString(), '<a/>')
  })

  it('applies bodyLimit to raw bodies too', async () => {
    const res = await post(Buffer.alloc(2048), { 'content-type': 'application/octet-stream' })
    assert.equal(res.statusCode, 413)
    assert.equal(res.json().code, 'PAYLOAD_TOO_LARGE')
  })

  it('answers UNSUPPORTED_MEDIA_TYPE for a Content-Type that is not a media type', async () => {
    for (const type of ['json', 'application/', '']) {
      const res = await post('{}', { 'content-type': type })
      assert.equal(res.statusCode, 415, type)
      assert.equal(res.json().code, 'UNSUPPORTED_MEDIA_TYPE')
    }
  })
})

describe('translateFastifyError', () => {
  const fastifyError = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode })

  it('maps Fastify body errors to Macaron codes', () => {
    const cases: [string, string, number][] = [
      ['FST_ERR_CTP_BODY_TOO_LARGE', 'PAYLOAD_TOO_LARGE', 413],
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'UNSUPPORTED_MEDIA_TYPE', 415],
      ['FST_ERR_CTP_EMPTY_JSON_BODY', 'MALFORMED_JSON', 400],
      ['FST_ERR_CTP_INVALID_JSON_BODY', 'MALFORMED_JSON', 400],
      ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'INVALID_PARAMETER', 400],
    ]
    for (const [code, expected, status] of cases) {
      const api = translateFastifyError(fastifyError(code, status))
      assert.equal(api?.code, expected, code)
      assert.equal(api?.status, status, code)
    }
    assert.match(translateFastifyError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), 99)!.message, /99 bytes/)
  })

  it('takes a SyntaxError for bad JSON only when a body parser marked it as a client error', () => {
    assert.ok(translateFastifyError(Object.assign(new SyntaxError('x'), { statusCode: 400 })) instanceof MalformedJson)
    assert.equal(translateFastifyError(new SyntaxError('a handler bug')), undefined)
  })

  it('leaves startup errors and unknown errors alone, and passes ApiErrors through', () => {
    assert.equal(translateFastifyError(fastifyError('FST_ERR_CTP_EMPTY_TYPE', 500)), undefined)
    assert.equal(translateFastifyError(new Error('boom')), undefined)
    assert.equal(translateFastifyError('text'), undefined)
    const notFound = new NotFound()
    assert.equal(translateFastifyError(notFound), notFound)
  })
})
