import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createApp, type MacaronApp } from '../../src/index.js'
import { liveClient, testClient, type TestClient } from '../../src/testing/index.js'
import { petHandlers } from '../fixtures/pets/handlers.js'

// One scenario, written as Swagger 2.0, OpenAPI 3.0 and 3.1, served in-process and over
// real HTTP: the framework must behave the same for all six.
const versions = ['v20', 'v30', 'v31'] as const
const transports = ['in-process', 'http'] as const

for (const version of versions) {
  for (const transport of transports) {
    describe(`pets ${version} ${transport}`, () => {
      let app: MacaronApp
      let api: TestClient
      before(async () => {
        app = await createApp({ dir: new URL(`../fixtures/pets/${version}`, import.meta.url).pathname, handlers: petHandlers(), logger: false, environ: {} })
        api = transport === 'http' ? await liveClient(app) : testClient(app)
      })
      after(() => app.close())

      test('create, read back, list with coerced query, delete', async () => {
        const created = (await api.post('/pets', { json: { name: 'Rex', tag: 'dog', born: '2020-01-02T03:04:05Z' } })).expectStatus(201).expectJson<Record<string, unknown>>()
        assert.equal(created.name, 'Rex')
        assert.equal(typeof created.id, 'number')
        const id = created.id as number
        const got = (await api.get(`/pets/${id}`)).expectOk().expectJson<Record<string, unknown>>()
        assert.equal(got.name, 'Rex')
        assert.equal(got.internal_note, undefined, 'a property the schema does not declare must not leak')
        if (version !== 'v20') assert.equal(got.secret, undefined, 'writeOnly properties are never sent')
        const list = (await api.get('/pets', { query: { limit: '1', tags: ['dog', 'cat'] } })).expectOk().expectJson<unknown[]>()
        assert.equal(list.length, 1)
        ;(await api.delete(`/pets/${id}`)).expectStatus(204)
        const gone = (await api.get(`/pets/${id}`)).expectError(404, 'PET_NOT_FOUND')
        assert.equal(gone.error_description, `Pet ${id} does not exist`)
      })

      test('nullable property accepts null in every version', async () => {
        ;(await api.post('/pets', { json: { name: 'Nil', tag: null } })).expectStatus(201)
      })

      test('defaults fill in: limit 10 when absent', async () => {
        for (let i = 0; i < 12; i++) (await api.post('/pets', { json: { name: `p${i}` } })).expectStatus(201)
        const list = (await api.get('/pets')).expectOk().expectJson<unknown[]>()
        assert.equal(list.length, 10)
      })

      test('form-urlencoded body is coerced and validated', async () => {
        ;(await api.post('/pets', { json: { name: 'Fido' } })).expectStatus(201)
        const found = (await api.post('/pets/search', { body: new URLSearchParams({ name: 'Fido', max_age: '3' }) })).expectOk().expectJson<Array<{ name: string }>>()
        assert.ok(found.length >= 1 && found.every((p) => p.name === 'Fido'))
        const bad = (await api.post('/pets/search', { body: new URLSearchParams({ name: 'Fido', max_age: 'three' }) })).expectError(400, 'INVALID_PARAMETER')
        assert.deepEqual(bad.errors, [{ field: 'max_age', location: 'body', message: 'must be integer' }])
      })

      test('multipart upload with a file and a field', async () => {
        const form = new FormData()
        form.append('caption', 'at the beach')
        form.append('photo', new Blob([Buffer.alloc(3000, 7)], { type: 'image/png' }), 'rex.png')
        const stored = (await api.post('/pets/1/photo', { body: form })).expectOk().expectJson()
        assert.deepEqual(stored, { filename: 'rex.png', size: 3000, caption: 'at the beach' })
        const missing = new FormData()
        missing.append('caption', 'no file')
        ;(await api.post('/pets/1/photo', { body: missing })).expectError(400, 'INVALID_PARAMETER')
      })

      test('readOnly properties are refused in requests', async () => {
        const body = (await api.post('/pets', { json: { name: 'Rex', id: 5 } })).expectError(400, 'INVALID_PARAMETER')
        assert.deepEqual((body.errors as Array<{ field: string }>).map((e) => e.field), ['id'])
      })

      test('an unbound operation answers 501 NOT_IMPLEMENTED and is listed', async () => {
        ;(await api.get('/pets/1/owner')).expectError(501, 'NOT_IMPLEMENTED')
        assert.deepEqual(app.unbound, ['getOwner'])
      })

      test('an invalid handler result is 500 BAD_RESPONSE without details', async () => {
        const body = (await api.get('/broken')).expectError(500, 'BAD_RESPONSE')
        assert.equal(body.error_description, 'Internal Server Error', 'the reasons go to the log, not the body')
        assert.equal(body.errors, undefined)
      })

      test('an unexpected exception is 500 SERVER_ERROR and does not leak its message', async () => {
        const res = await api.get('/crash')
        const body = res.expectError(500, 'SERVER_ERROR')
        assert.doesNotMatch(res.text, /hunter2|password/)
        assert.match(body.error_id, /^[0-9a-f-]{36}$/)
      })

      test('request id is echoed, and generated when absent', async () => {
        const given = await api.get('/ping', { headers: { 'x-request-id': 'abc-123' } })
        assert.equal(given.header('x-request-id'), 'abc-123')
        const made = await api.get('/ping')
        const again = await api.get('/ping')
        assert.match(made.header('x-request-id') ?? '', /^[0-9a-f]{32}$/)
        assert.notEqual(made.header('x-request-id'), again.header('x-request-id'))
        const error = (await api.get('/nowhere', { headers: { 'x-request-id': 'trace-9' } })).expectError(404, 'NOT_FOUND')
        assert.equal(error.request_id, 'trace-9')
      })

      test('/version reports the API and the version of its document', async () => {
        const body = (await api.get('/version')).expectOk().expectJson<{ apis: Array<{ name: string; version: string; openapi: string }> }>()
        assert.deepEqual(body.apis, [{ name: 'pets', version: '2.1.0', openapi: { v20: '2.0', v30: '3.0', v31: '3.1' }[version] }])
      })
    })
  }
}
