import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { createApp } from '../../src/index.js'
import { pickDefaultStatus } from '../../src/pipeline/output.js'
import { SchemaStore } from '../../src/pipeline/schema-store.js'
import type { JsonObject } from '../../src/spec/types.js'
import { testClient } from '../../src/testing/index.js'
import { sampleRequest } from './requests.js'

const root = new URL('../../', import.meta.url).pathname

/** The profiles example without its handlers, so that every operation is mocked. */
function unboundProfiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-mock-'))
  mkdirSync(join(dir, 'apis'))
  const spec = readFileSync(join(root, 'examples/profiles/apis/profiles.yaml'), 'utf8').replace(/^\s*x-bind-server:.*$/gm, '')
  writeFileSync(join(dir, 'apis/profiles.yaml'), spec)
  return dir
}

const projects: Record<string, () => string> = {
  'pets 2.0': () => join(root, 'test/fixtures/pets/v20'),
  'pets 3.0': () => join(root, 'test/fixtures/pets/v30'),
  'pets 3.1': () => join(root, 'test/fixtures/pets/v31'),
  'examples/profiles': unboundProfiles,
  'mock fixture (examples)': () => join(root, 'test/fixtures/mock'),
}

describe('mock mode: every mocked response has the default status and validates against the spec', () => {
  for (const [name, dir] of Object.entries(projects)) {
    test(name, async () => {
      const app = await createApp({ dir: dir(), logger: false, overrides: { mock: true } })
      const api = testClient(app)
      const store = new SchemaStore()
      for (const a of app.apis) store.addApi(a.name, a.document)
      try {
        assert.ok(app.operations.length >= 5)
        for (const op of app.operations) {
          const { path, options } = sampleRequest(op)
          const res = await api.request(op.method, path, options)
          const status = pickDefaultStatus(Object.keys(op.responses))
          assert.equal(res.status, status, `${op.operationId}: ${res.text}`)
          const media = ((op.responses[String(status)]?.content ?? {}) as Record<string, JsonObject>)['application/json']
          if (!media?.schema) continue
          const validate = store.responseValidator(op.api.name, media.schema as JsonObject)
          assert.ok(validate(res.json()), `${op.operationId}: ${JSON.stringify(validate.errors)}`)
        }
      } finally {
        await app.close()
      }
    })
  }
})

describe('mock mode picks the spec examples first', async () => {
  const app = await createApp({ dir: join(root, 'test/fixtures/mock'), logger: false, overrides: { mock: true } })
  const api = testClient(app)

  test("the media type's example", async () => {
    assert.deepEqual((await api.get('/items/tea-1')).expectOk().expectJson(), { item_id: 'tea-1', name: 'Green tea', price: 4.5 })
  })
  test('the first named example, through its $ref', async () => {
    assert.equal((await api.get('/items')).expectOk().expectJson<unknown[]>().length, 2)
  })
  test("an invalid example falls back to the schema's example; required headers from their examples", async () => {
    const res = (await api.post('/items', { json: { name: 'Mug', price: 9 } })).expectStatus(201)
    assert.deepEqual(res.expectJson(), { item_id: 'mug-7', name: 'Mug', price: 9 })
    assert.equal(res.headers.location, '/items/tea-1')
    assert.match(res.headers['x-rate-remaining'] ?? '', /^[0-9]+$/)
  })
  test('a sample from the schema alone, formats and patterns included', async () => {
    const body = (await api.get('/status')).expectOk().expectJson<{ ok: boolean; since: string; mode: string; code: string }>()
    assert.equal(typeof body.ok, 'boolean')
    assert.ok(!Number.isNaN(Date.parse(body.since)))
    assert.match(body.code, /^[A-Z]{3}[0-9]{2}$/)
  })
  test('a text example as text', async () => {
    assert.equal((await api.get('/health.txt')).expectOk().text, 'all good')
  })
  test('requests are still validated in mock mode', async () => {
    ;(await api.post('/items', { json: { name: '' } })).expectError(400, 'INVALID_PARAMETER')
  })
  test('bound handlers still win, and without mock the operation is 501', async () => {
    const bound = await createApp({ dir: join(root, 'test/fixtures/mock'), logger: false, overrides: { mock: true }, handlers: { getStatus: () => ({ ok: true, since: '2026-01-01T00:00:00Z', mode: 'live' }) } })
    assert.equal((await testClient(bound).get('/status')).expectOk().expectJson<{ mode: string }>().mode, 'live')
    await bound.close()
    const plain = await createApp({ dir: join(root, 'test/fixtures/mock'), logger: false })
    ;(await testClient(plain).get('/status')).expectError(501, 'NOT_IMPLEMENTED')
    await plain.close()
    await app.close()
  })
})

test('a recursive type the sampler cuts with null falls back to its required properties', async () => {
  // Microsoft Graph's events hold their `instances`, events again: the sampler writes `[null]` there.
  const { writeProject } = await import('../../docs/examples/project.js')
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
  const spec = JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'recursive', version: '1' },
    paths: { '/calendar': { get: { operationId: 'getCalendar', responses: { 200: { description: 'ok', content: { 'application/json': { schema: ref('calendar') } } } } } } },
    components: {
      schemas: {
        entity: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        event: { allOf: [ref('entity'), { type: 'object', properties: { subject: { type: 'string' }, instances: { type: 'array', items: ref('event') } } }] },
        calendar: { type: 'object', properties: { name: { type: 'string' }, events: { type: 'array', items: ref('event') } } },
      },
    },
  })
  const app = await createApp({ dir: writeProject('mock-recursive', spec), logger: false, overrides: { mock: true } })
  const res = (await testClient(app).get('/calendar')).expectOk()
  assert.deepEqual(res.json(), {})
  await app.close()
})
