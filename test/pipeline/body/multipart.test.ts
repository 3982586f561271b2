import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { bodyApp, multipart } from './helpers.js'

describe('multipart/form-data through inject', () => {
  const app = bodyApp({ bodyLimit: 4096, maxFileSize: 512, maxFiles: 2, maxFields: 4 })
  after(() => app.close())
  const send = (body: { payload: Buffer | Readable; headers: Record<string, string> }) =>
    app.inject({ method: 'POST', url: '/echo', payload: body.payload, headers: body.headers })

  it('gives fields as strings and files as UploadedFile, repeated names as arrays', async () => {
    const res = await send(multipart([
      { name: 'title', value: 'Holiday' },
      { name: 'tag', value: 'sea' },
      { name: 'photo', filename: '../../etc/a.png', type: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
      { name: 'tag', value: 'sun' },
      { name: 'photo', filename: 'b.txt', type: 'text/plain', data: 'hello' },
    ]))
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), {
      kind: 'null-prototype',
      body: {
        title: 'Holiday',
        tag: ['sea', 'sun'],
        photo: [
          // busboy keeps only the base name: a client cannot choose a path.
          { filename: 'a.png', mimetype: 'image/png', encoding: '7bit', size: 4, text: '\x89PNG' },
          { filename: 'b.txt', mimetype: 'text/plain', encoding: '7bit', size: 5, text: 'hello' },
        ],
      },
    })
  })

  it('answers PAYLOAD_TOO_LARGE for a file over maxFileSize', async () => {
    const res = await send(multipart([{ name: 'doc', filename: 'big.bin', type: 'application/octet-stream', data: Buffer.alloc(600, 1) }]))
    assert.equal(res.statusCode, 413)
    assert.equal(res.json().code, 'PAYLOAD_TOO_LARGE')
    assert.match(res.json().message, /file doc is larger than the limit of 512 bytes/)
  })

  it('answers PAYLOAD_TOO_LARGE for too many files or fields', async () => {
    const file = (i: number) => ({ name: `f${i}`, filename: `${i}.txt`, data: 'x' })
    const files = await send(multipart([file(1), file(2), file(3)]))
    assert.equal(files.statusCode, 413)
    assert.match(files.json().message, /more than 2 files/)
    const fields = await send(multipart(['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, value: '1' }))))
    assert.equal(fields.statusCode, 413)
    assert.match(fields.json().message, /more than 4 fields/)
  })

  it('answers PAYLOAD_TOO_LARGE for a body over bodyLimit, with or without Content-Length', async () => {
    const body = multipart([{ name: 'a', value: 'z'.repeat(3000) }, { name: 'b', value: 'z'.repeat(3000) }])
    const declared = await send(body)
    assert.equal(declared.statusCode, 413)
    assert.match(declared.json().message, /4096 bytes/)
    const chunks = [body.payload.subarray(0, 2000), body.payload.subarray(2000, 4000), body.payload.subarray(4000)]
    const streamed = await send({ payload: Readable.from(chunks), headers: body.headers })
    assert.equal(streamed.statusCode, 413)
    assert.equal(streamed.json().code, 'PAYLOAD_TOO_LARGE')
  })

  it('answers INVALID_PARAMETER for a malformed body', async () => {
    const noBoundary = await app.inject({ method: 'POST', url: '/echo', payload: 'x', headers: { 'content-type': 'multipart/form-data' } })
    assert.equal(noBoundary.statusCode, 400)
    assert.equal(noBoundary.json().code, 'INVALID_PARAMETER')
    assert.match(noBoundary.json().message, /Boundary not found/)
    const { payload, headers } = multipart([{ name: 'a', value: '1' }])
    const cut = await send({ payload: payload.subarray(0, payload.length - 10), headers })
    assert.equal(cut.statusCode, 400)
    assert.deepEqual(cut.json().details, [{ field: 'body', location: 'body', message: 'Unexpected end of form' }])
  })

  it('refuses a __proto__ part', async () => {
    const res = await send(multipart([{ name: '__proto__', value: '1' }]))
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().details[0].message, 'forbidden property name')
  })
})

describe('multipart/form-data over a real socket', () => {
  const app = bodyApp({ bodyLimit: 64 * 1024, maxFiles: 3 })
  let base = ''
  before(async () => {
    base = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  after(() => app.close())

  it('receives a FormData upload with two files and fields', async () => {
    const form = new FormData()
    form.append('caption', 'two files')
    form.append('count', '2')
    form.append('files', new Blob(['{"a":1}'], { type: 'application/json' }), 'a.json')
    form.append('files', new Blob([new Uint8Array([0, 255, 128])], { type: 'application/octet-stream' }), 'résumé.bin')
    const res = await fetch(`${base}/echo`, { method: 'POST', body: form })
    assert.equal(res.status, 200)
    const json = (await res.json()) as { kind: string; body: Record<string, unknown> }
    assert.equal(json.kind, 'null-prototype')
    assert.deepEqual(json.body, {
      caption: 'two files',
      count: '2',
      files: [
        { filename: 'a.json', mimetype: 'application/json', encoding: '7bit', size: 7, text: '{"a":1}' },
        { filename: 'résumé.bin', mimetype: 'application/octet-stream', encoding: '7bit', size: 3, text: '\x00\xff\x80' },
      ],
    })
  })

  it('answers 413 with our error body when the upload is too large', async () => {
    const form = new FormData()
    form.append('big', new Blob([new Uint8Array(100 * 1024)]), 'big.bin')
    const res = await fetch(`${base}/echo`, { method: 'POST', body: form })
    assert.equal(res.status, 413)
    assert.equal(((await res.json()) as { code: string }).code, 'PAYLOAD_TOO_LARGE')
  })

  it('answers 413 for too many files', async () => {
    const form = new FormData()
    for (let i = 0; i < 4; i++) form.append('f', new Blob(['x']), `${i}.txt`)
    const res = await fetch(`${base}/echo`, { method: 'POST', body: form })
    assert.equal(res.status, 413)
    assert.match(((await res.json()) as { message: string }).message, /more than 3 files/)
  })

  it('parses JSON sent over the socket too', async () => {
    const res = await fetch(`${base}/echo`, { method: 'POST', body: '{"x":[1]}', headers: { 'content-type': 'application/json' } })
    assert.deepEqual(await res.json(), { kind: 'object', body: { x: [1] } })
  })
})
