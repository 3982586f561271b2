// Persistence as createApp wires it: the slow-call stage timings, /ready, and errors over HTTP.
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { StoreUnavailable } from '../../src/persistence/store.js'
import { testClient } from '../../src/testing/index.js'

const dir = resolve(import.meta.dirname, '../fixtures/persistence')
const memory = { persistence: { backend: 'memory' } }

test("a request's persistence calls are counted into its slow-call stage timings", async () => {
  const raw: string[] = []
  const app = await createApp({ dir, env: 'test', logStream: { write: (l: string) => void raw.push(l) }, overrides: { ...memory, slow_call_ms: 0, log: { level: 'warn' } } })
  try {
    await app.models.Profile!.create({ profile_id: 'slow', name: 'S', view_count: 0 })
    ;(await testClient(app).post('/profiles/slow/views')).expectOk()
  } finally {
    await app.close()
  }
  const slow = raw.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'slow call' && l.operationId === 'addView')
  assert.ok(slow, raw.join('\n'))
  const stages = slow.stages_ms as Record<string, number>
  assert.ok(stages.persistence! > 0, JSON.stringify(stages))
  assert.ok(stages.persistence! <= stages.handler!, 'persistence time is part of the handler time')
})

test('errors leave handlers in the standard body: ITEM_NOT_FOUND 404, DATABASE_UNAVAILABLE 503; /ready names the store', async () => {
  const app = await createApp({ dir, env: 'test', logger: false, overrides: memory })
  const api = testClient(app)
  try {
    ;(await api.post('/profiles/nobody/views')).expectError(404, 'ITEM_NOT_FOUND')
    const ready = (await api.get('/ready')).expectOk().expectJson<{ ready: boolean; checks: Record<string, string> }>()
    assert.equal(ready.checks.persistence, 'ok')
    const store = app.store!
    const { get, ping } = store
    store.get = async () => {
      throw new StoreUnavailable('connect ECONNREFUSED 127.0.0.1:8000')
    }
    store.ping = async () => {
      throw new StoreUnavailable('connect ECONNREFUSED 127.0.0.1:8000')
    }
    try {
      const body = (await api.post('/profiles/any/views')).expectError(503, 'DATABASE_UNAVAILABLE')
      assert.doesNotMatch(JSON.stringify(body), /ECONNREFUSED/, 'the cause is logged, not sent')
      const notReady = (await api.get('/ready')).expectError(503, 'SERVICE_UNAVAILABLE')
      assert.match(notReady.error_description, /persistence: connect ECONNREFUSED/)
    } finally {
      Object.assign(store, { get, ping })
    }
  } finally {
    await app.close()
  }
})
