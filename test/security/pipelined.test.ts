import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { test } from 'node:test'
import { createApp, getRequestId, getUserId, type ApiKeyVerifier } from '../../src/index.js'
import { fixture, handlers, jwtSection, SECRET } from './helpers.js'

// The request pipeline enters each request's context without restoring the one before
// (src/context/index.ts): requests pipelined on one connection are parsed in one callback,
// so the first hook of each leaves the earlier one's. A verify function, which runs before
// the request's own context exists, must see no caller at all, not the previous request's.
test('pipelined requests: a verify function never sees the context of the request before it', async () => {
  const seen: Array<{ key: string; user: string | null; request: string | null }> = []
  const verify: ApiKeyVerifier = (key) => {
    seen.push({ key, user: getUserId() ?? null, request: getRequestId() ?? null })
    return key.startsWith('key-') ? { id: `robot-${key.slice(4)}` } : false
  }
  const app = await createApp({ dir: fixture, handlers: handlers(), logger: false, environ: { JWT_SECRET: SECRET }, overrides: { jwt: jwtSection() }, verify: { apiKeyHeader: verify } })
  const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }))
  const request = (key: string, id: string) => `GET /key-header HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key}\r\nX-Request-Id: ${id}\r\n\r\n`
  // A public operation's handler runs synchronously in the parser's callback, entering its context there.
  const open = (id: string) => `GET /public HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${id}\r\n\r\n`
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname)
    let received = ''
    socket.on('data', (chunk) => {
      received += chunk.toString()
      if ((received.match(/HTTP\/1\.1 /g) ?? []).length === 6 && received.endsWith('}')) socket.end()
    })
    socket.on('end', () => resolve(received))
    socket.on('error', reject)
    // One write: the six requests reach the parser together.
    socket.write(open('p1') + request('key-1', 'first') + open('p2') + request('key-2', 'second') + open('p3') + request('key-3', 'third'))
  })
  await app.close()
  assert.deepEqual(seen, [
    { key: 'key-1', user: null, request: null },
    { key: 'key-2', user: null, request: null },
    { key: 'key-3', user: null, request: null },
  ])
  // And each handler saw its own caller and request.
  const bodies = text.split(/HTTP\/1\.1 200 OK/).slice(1).map((part) => JSON.parse(part.slice(part.indexOf('\r\n\r\n') + 4).replace(/HTTP[\s\S]*$/, '')) as { userId: string | null; requestId: string })
  assert.deepEqual(bodies.map((b) => [b.userId, b.requestId]), [[null, 'p1'], ['robot-1', 'first'], [null, 'p2'], ['robot-2', 'second'], [null, 'p3'], ['robot-3', 'third']])
})
