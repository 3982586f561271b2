import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { createApp } from '../../src/index.js'
import { liveClient, testClient } from '../../src/testing/index.js'

const fixture = new URL('../fixtures/binding', import.meta.url).pathname
const environ = { FIXTURE_SECRET: 'sup3r-s3cret-value' }

function captureLines(): { lines: () => Array<Record<string, unknown>>; stream: { write(line: string): void } } {
  const raw: string[] = []
  return { lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>), stream: { write: (line: string) => void raw.push(line) } }
}

describe('binding handlers', () => {
  test('dotted x-bind-server, path#export, and operationId in a sub-folder of handlers', async () => {
    const app = await createApp({ dir: fixture, environ, logger: false })
    const api = testClient(app)
    assert.deepEqual((await api.get('/dotted')).expectOk().expectJson(), { message: 'dotted' })
    assert.deepEqual((await api.get('/explicit')).expectOk().expectJson(), { message: 'explicit' })
    assert.deepEqual((await api.get('/by-name')).expectOk().expectJson(), { message: 'found by operationId in a sub-folder' })
    assert.deepEqual(app.unbound, [])
    await app.close()
  })

  test('a binding to a missing export stops start-up naming the operation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'macaron-bind-'))
    cpSync(fixture, dir, { recursive: true })
    writeFileSync(join(dir, 'lib', 'tools.ts'), 'export const nothing = 1\n')
    await assert.rejects(createApp({ dir, environ, logger: false }), /explicit \(GET \/explicit in .*binding\.yaml\): x-bind-server 'lib\/tools#explicitHandler' points at lib\/tools\.ts, which exports no function explicitHandler/)
  })
})

describe('responses the spec does not declare', () => {
  test('an undeclared status and a missing required header are 500 BAD_RESPONSE, with the reason in the log', async () => {
    const capture = captureLines()
    const app = await createApp({ dir: fixture, environ, logStream: capture.stream })
    const api = testClient(app)
    const body = (await api.get('/undeclared-status')).expectError(500, 'BAD_RESPONSE')
    ;(await api.get('/missing-header')).expectError(500, 'BAD_RESPONSE')
    await app.close()
    const errors = capture.lines().filter((l) => l.msg === 'BAD_RESPONSE')
    assert.equal(errors.length, 2)
    assert.equal(errors[0]!.error_id, body.error_id, 'the log line carries the error_id the client got')
    assert.match(JSON.stringify(errors[0]!.err), /status 202 is not declared for this operation/)
    assert.match(JSON.stringify(errors[1]!.err), /header x-rate is required/)
  })
})

describe('logs', () => {
  test('one line per request with operationId, status, duration and request id; secrets masked', async () => {
    const capture = captureLines()
    process.env.FIXTURE_SECRET = environ.FIXTURE_SECRET
    const app = await createApp({ dir: fixture, logStream: capture.stream })
    const api = testClient(app)
    ;(await api.get('/logs', { headers: { 'x-request-id': 'req-42', authorization: 'Bearer abc' } })).expectOk()
    ;(await api.get('/nowhere')).expectStatus(404)
    await app.close()
    const lines = capture.lines()
    const requests = lines.filter((l) => l.msg === 'request')
    assert.equal(requests.length, 2)
    assert.deepEqual(
      { ...requests[0], time: 0, ms: 0, pid: 0, hostname: '' },
      { level: 30, time: 0, pid: 0, hostname: '', service: 'binding', name: 'binding', request_id: 'req-42', operationId: 'logs', method: 'GET', url: '/logs', status: 200, ms: 0, msg: 'request' },
    )
    assert.equal(typeof requests[0]!.ms, 'number')
    assert.equal(requests[1]!.error, 'NOT_FOUND')
    const handlerLine = lines.find((l) => l.msg === 'handler log line')!
    assert.equal(handlerLine.request_id, 'req-42')
    assert.equal(handlerLine.leaked, 'token is [SECRET]')
    assert.doesNotMatch(JSON.stringify(lines), /sup3r-s3cret-value/)
  })
})

describe('log level', () => {
  test('a level set on the app logger at run time applies to the requests served after it', async () => {
    const capture = captureLines()
    const app = await createApp({ dir: fixture, environ, logStream: capture.stream })
    const api = testClient(app)
    app.server.log.level = 'warn'
    ;(await api.get('/logs', { headers: { 'x-request-id': 'quiet' } })).expectOk()
    app.server.log.level = 'info'
    ;(await api.get('/logs', { headers: { 'x-request-id': 'loud' } })).expectOk()
    await app.close()
    const ids = (msg: string) => capture.lines().filter((l) => l.msg === msg).map((l) => l.request_id)
    assert.deepEqual(ids('request'), ['loud'])
    assert.deepEqual(ids('handler log line'), ['loud'])
    assert.equal(app.server.log.level, 'info')
  })
})

describe('configurable behaviour', () => {
  test('error_content_type application/json', async () => {
    const app = await createApp({ dir: fixture, environ, logger: false, overrides: { error_content_type: 'application/json' } })
    const res = await testClient(app).get('/nowhere')
    assert.match(res.header('content-type') ?? '', /^application\/json/)
    res.expectError(404, 'NOT_FOUND')
    await app.close()
  })

  test('CORS: preflight and allowed origin over real HTTP', async () => {
    const app = await createApp({ dir: fixture, environ, logger: false, overrides: { cors: { origins: ['https://app.example.com'], credentials: true } } })
    const api = await liveClient(app)
    const preflight = await api.request('OPTIONS', '/dotted', { headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.header('access-control-allow-origin'), 'https://app.example.com')
    assert.equal(preflight.header('access-control-allow-credentials'), 'true')
    const get = await api.get('/dotted', { headers: { origin: 'https://app.example.com' } })
    assert.equal(get.header('access-control-allow-origin'), 'https://app.example.com')
    assert.match(get.header('access-control-expose-headers') ?? '', /x-request-id/)
    const other = await api.get('/dotted', { headers: { origin: 'https://evil.example.com' } })
    assert.equal(other.header('access-control-allow-origin'), undefined)
    await app.close()
  })

  test('without CORS, OPTIONS is 405 with Allow', async () => {
    const app = await createApp({ dir: fixture, environ, logger: false })
    const res = await testClient(app).request('OPTIONS', '/dotted')
    res.expectError(405, 'METHOD_NOT_ALLOWED')
    assert.equal(res.header('allow'), 'GET, HEAD')
    await app.close()
  })

  test('HEAD on a GET operation answers its status and headers without a body, over HTTP too', async () => {
    const app = await createApp({ dir: fixture, environ, logger: false })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const get = await fetch(`${url}/dotted`)
      const head = await fetch(`${url}/dotted`, { method: 'HEAD' })
      assert.equal(head.status, 200)
      assert.equal(head.headers.get('content-type'), get.headers.get('content-type'))
      assert.equal(head.headers.get('content-length'), String((await get.text()).length))
      assert.equal(await head.text(), '')
    } finally {
      await app.close()
    }
  })

  test('body_limit is configurable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'macaron-limit-'))
    mkdirSync(join(dir, 'apis'))
    writeFileSync(join(dir, 'apis', 'echo.yaml'), `openapi: 3.1.0
info: { title: Echo, version: 1.0.0 }
paths:
  /echo:
    post:
      operationId: echo
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
`)
    const app = await createApp({ dir, environ: {}, logger: false, handlers: { echo: ({ body }) => body }, overrides: { body_limit: '1kb' } })
    const api = testClient(app)
    ;(await api.post('/echo', { json: { a: 'x'.repeat(900) } })).expectOk()
    ;(await api.post('/echo', { json: { a: 'x'.repeat(1100) } })).expectError(413, 'PAYLOAD_TOO_LARGE')
    await app.close()
  })
})

describe('documents served back', () => {
  test('/openapi.json, /openapi/<api>.json and /doc/<api>.yaml', async () => {
    const app = await createApp({ dir: new URL('../fixtures/pets/v20', import.meta.url).pathname, logger: false, environ: {} })
    const api = testClient(app)
    const json = (await api.get('/openapi.json')).expectOk().expectJson<{ openapi: string; paths: object }>()
    assert.equal(json.openapi, '3.1.0', 'the upgraded document')
    assert.deepEqual((await api.get('/openapi/pets.json')).expectOk().expectJson(), json)
    const yaml = (await api.get('/doc/pets.yaml')).expectOk()
    assert.match(yaml.header('content-type') ?? '', /^application\/yaml/)
    assert.match(yaml.text, /^swagger: "?2\.0"?$/m, 'the document as written')
    await app.close()
  })
})

describe('test kit against a live server named by MACARON_TEST_URL', () => {
  test('testClient() uses MACARON_TEST_URL', async () => {
    const app = await createApp({ dir: fixture, environ, logger: false })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    const saved = process.env.MACARON_TEST_URL
    process.env.MACARON_TEST_URL = url
    try {
      const api = testClient()
      assert.equal(api.url, url)
      assert.deepEqual((await api.get('/dotted')).expectOk().expectJson(), { message: 'dotted' })
    } finally {
      if (saved === undefined) delete process.env.MACARON_TEST_URL
      else process.env.MACARON_TEST_URL = saved
      await app.close()
    }
    delete process.env.MACARON_TEST_URL
    assert.throws(() => testClient(), /MACARON_TEST_URL/)
    if (saved !== undefined) process.env.MACARON_TEST_URL = saved
  })
})
