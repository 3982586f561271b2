import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { createApp, type MacaronApp } from '../../src/index.js'
import { petHandlers } from '../fixtures/pets/handlers.js'

/** Sends raw bytes and reads until the server closes the connection. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (data += chunk))
    socket.on('close', () => resolve(data))
    socket.on('error', reject)
  })
}

function parse(response: string): { status: number; headers: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = response.split('\r\n\r\n')
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) as Record<string, unknown> }
}

describe('requests the HTTP parser refuses get the standard error body', () => {
  let app: MacaronApp
  let port: number
  before(async () => {
    app = await createApp({ dir: new URL('../fixtures/pets/v31', import.meta.url).pathname, handlers: petHandlers(), logger: false, environ: {} })
    port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port)
  })
  after(() => app.close())

  test('headers over 16 KB → 431 HEADERS_TOO_LARGE', async () => {
    const res = parse(await raw(port, `GET /pets HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`))
    assert.equal(res.status, 431)
    assert.equal(res.body.error, 'HEADERS_TOO_LARGE')
    assert.equal(res.body.status, 431)
    assert.match(String(res.body.error_id), /^[0-9a-f-]{36}$/)
    assert.match(res.headers, /content-type: application\/problem\+json/)
  })

  test('a malformed request line → 400 BAD_REQUEST', async () => {
    const res = parse(await raw(port, 'GET /pets HTTP/1.1 extra\r\nHost: x\r\n\r\n'))
    assert.equal(res.status, 400)
    assert.equal(res.body.error, 'BAD_REQUEST')
  })

  test('the server still serves afterwards', async () => {
    const res = await raw(port, 'GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    assert.match(res, /^HTTP\/1.1 200/)
  })
})
