import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createApp, type MacaronApp } from '../../src/index.js'
import { liveClient, testClient, type TestClient, type RequestOptions } from '../../src/testing/index.js'
import { petHandlers } from '../fixtures/pets/handlers.js'

interface Case {
  name: string
  method: string
  path: string
  options?: RequestOptions
  status: number
  code: string
  field?: string
}

const big = 'x'.repeat(2 * 1024 * 1024)
const cases: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: '/pets', options: { body: '{"name": "Rex",', headers: { 'content-type': 'application/json' } }, status: 400, code: 'MALFORMED_JSON' },
  { name: 'empty JSON body', method: 'POST', path: '/pets', options: { body: '', headers: { 'content-type': 'application/json' } }, status: 400, code: 'MALFORMED_JSON' },
  { name: 'wrong type in body', method: 'POST', path: '/pets', options: { json: { name: 12 } }, status: 400, code: 'INVALID_PARAMETER', field: 'name' },
  { name: 'body is an array', method: 'POST', path: '/pets', options: { json: [{ name: 'Rex' }] }, status: 400, code: 'INVALID_PARAMETER' },
  { name: 'missing required property', method: 'POST', path: '/pets', options: { json: { tag: 'dog' } }, status: 400, code: 'INVALID_PARAMETER', field: 'name' },
  { name: 'missing required body', method: 'POST', path: '/pets', status: 400, code: 'INVALID_PARAMETER', field: 'body' },
  { name: 'extra property refused, not stripped', method: 'POST', path: '/pets', options: { json: { name: 'Rex', colour: 'red' } }, status: 400, code: 'INVALID_PARAMETER', field: 'colour' },
  { name: 'wrong content type', method: 'POST', path: '/pets', options: { body: 'name=Rex', headers: { 'content-type': 'text/plain' } }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'oversize body', method: 'POST', path: '/pets', options: { body: JSON.stringify({ name: big }), headers: { 'content-type': 'application/json' } }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'unknown route', method: 'GET', path: '/nothing/here', status: 404, code: 'NOT_FOUND' },
  // The route is found before the body is read: an unknown path is 404 whatever its body.
  { name: 'unknown route with a malformed body', method: 'POST', path: '/nothing/here', options: { body: '{"name":', headers: { 'content-type': 'application/json' } }, status: 404, code: 'NOT_FOUND' },
  { name: 'malformed percent-encoding in the path', method: 'GET', path: '/pets/%E0%A4%A', status: 400, code: 'BAD_REQUEST' },
  { name: 'wrong method', method: 'PUT', path: '/pets', options: { json: {} }, status: 405, code: 'METHOD_NOT_ALLOWED' },
  { name: 'invalid enum', method: 'GET', path: '/pets?status=lost', status: 400, code: 'INVALID_PARAMETER', field: 'status' },
  { name: 'path parameter not an integer', method: 'GET', path: '/pets/abc', status: 400, code: 'INVALID_PARAMETER', field: 'petId' },
  { name: 'hex is not an integer', method: 'GET', path: '/pets/0x10', status: 400, code: 'INVALID_PARAMETER', field: 'petId' },
  { name: 'integer below minimum', method: 'GET', path: '/pets/0', status: 400, code: 'INVALID_PARAMETER', field: 'petId' },
  { name: 'query integer with spaces', method: 'GET', path: '/pets?limit=%205', status: 400, code: 'INVALID_PARAMETER', field: 'limit' },
  { name: 'query integer Infinity', method: 'GET', path: '/pets?limit=Infinity', status: 400, code: 'INVALID_PARAMETER', field: 'limit' },
  { name: 'huge number in path', method: 'GET', path: '/pets/' + '9'.repeat(400), status: 400, code: 'INVALID_PARAMETER', field: 'petId' },
  { name: 'integer beyond 2^53 in path', method: 'GET', path: '/pets/9007199254740993', status: 400, code: 'INVALID_PARAMETER', field: 'petId' },
  { name: 'huge number in body', method: 'POST', path: '/pets/search', options: { body: 'name=a&max_age=1e400', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, status: 400, code: 'INVALID_PARAMETER', field: 'max_age' },
  { name: 'bad date-time', method: 'POST', path: '/pets', options: { json: { name: 'Rex', born: '2020-13-45T99:00:00Z' } }, status: 400, code: 'INVALID_PARAMETER', field: 'born' },
  { name: 'too long unicode string', method: 'POST', path: '/pets', options: { json: { name: '🐶'.repeat(51) } }, status: 400, code: 'INVALID_PARAMETER', field: 'name' },
  { name: '__proto__ key in body', method: 'POST', path: '/pets', options: { body: '{"name":"Rex","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } }, status: 400, code: 'INVALID_PARAMETER' },
  { name: 'constructor.prototype in body', method: 'POST', path: '/pets', options: { body: '{"name":"Rex","constructor":{"prototype":{"admin":true}}}', headers: { 'content-type': 'application/json' } }, status: 400, code: 'INVALID_PARAMETER' },
  { name: 'repeated scalar query parameter', method: 'GET', path: '/pets?limit=1&limit=2', status: 400, code: 'INVALID_PARAMETER', field: 'limit' },
  { name: 'Accept admits nothing we send', method: 'GET', path: '/pets', options: { headers: { accept: 'text/html' } }, status: 406, code: 'NOT_ACCEPTABLE' },
  { name: 'malformed percent-encoding', method: 'GET', path: '/pets?status=%E0%A4%A', status: 400, code: 'INVALID_PARAMETER' },
]

for (const transport of ['in-process', 'http'] as const) {
  describe(`bad input (${transport})`, () => {
    let app: MacaronApp
    let api: TestClient
    before(async () => {
      app = await createApp({ dir: new URL('../fixtures/pets/v31', import.meta.url).pathname, handlers: petHandlers(), logger: false, environ: {} })
      api = transport === 'http' ? await liveClient(app) : testClient(app)
    })
    after(() => app.close())

    for (const c of cases) {
      test(`${c.name} → ${c.status} ${c.code}`, async () => {
        const body = (await api.request(c.method, c.path, c.options)).expectError(c.status, c.code)
        if (c.field) {
          const fields = (body.errors as Array<{ field: string }> | undefined)?.map((e) => e.field)
          assert.ok(fields?.includes(c.field), `expected field ${c.field} in ${JSON.stringify(body.errors)}`)
        }
        assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:|Error:|stack/i, 'no stack or internal detail in the body')
      })
    }

    test('405 lists the allowed methods', async () => {
      const res = await api.request('PUT', '/pets', { json: {} })
      assert.equal(res.header('allow'), 'GET, HEAD, POST')
      const withParam = await api.request('PATCH', '/pets/7?force=1', { json: {} })
      withParam.expectError(405, 'METHOD_NOT_ALLOWED')
      assert.match(withParam.header('allow') ?? '', /^DELETE, GET, HEAD/, 'a templated path and a query string are matched too')
    })

    test('error bodies are application/problem+json', async () => {
      const res = await api.get('/nothing')
      assert.match(res.header('content-type') ?? '', /^application\/problem\+json/)
    })

    test('the prototype was not polluted and the server still serves', async () => {
      assert.equal(({} as Record<string, unknown>).admin, undefined)
      ;(await api.post('/pets', { json: { name: 'Survivor' } })).expectStatus(201)
      ;(await api.get('/ping')).expectOk()
    })
  })
}
