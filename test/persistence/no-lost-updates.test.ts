// 50 HTTP clients at once each add one view to the same profile: load, +1, save, and on
// VERSION_CONFLICT try again. With versioned saves no increment is lost, on every backend.
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { describe, test } from 'node:test'
import { createApp } from '../../src/index.js'
import { availableBackends } from './models/backends.js'

const dir = resolve(import.meta.dirname, '../fixtures/persistence')
const CLIENTS = 50

for (const backend of availableBackends()) {
  describe(`no lost updates on ${backend.name}`, { timeout: 120_000 }, () => {
    test(`${CLIENTS} concurrent clients each increment view_count once: it ends at ${CLIENTS}`, async () => {
      const app = await createApp({ dir, env: 'test', logger: false, overrides: { persistence: await backend.persistence() } })
      try {
        const base = await app.listen({ port: 0, host: '127.0.0.1' })
        await app.models.Profile!.create({ profile_id: 'hot', name: 'Hot', view_count: 0 })
        let conflicts = 0
        const client = async () => {
          for (let attempt = 0; attempt < 500; attempt++) {
            const res = await fetch(`${base}/profiles/hot/views`, { method: 'POST' })
            const body = (await res.json()) as { error?: string; view_count?: number }
            if (res.status === 200) return
            assert.equal(res.status, 409, JSON.stringify(body))
            assert.equal(body.error, 'VERSION_CONFLICT')
            conflicts++
          }
          assert.fail('a client never got its increment in')
        }
        await Promise.all(Array.from({ length: CLIENTS }, client))
        const profile = await app.models.Profile!.load('hot')
        assert.equal(profile.view_count, CLIENTS)
        assert.equal(profile.version, CLIENTS + 1)
        assert.ok(conflicts > 0, 'the clients raced (some saves lost and were retried)')
      } finally {
        await app.close()
        }
    })
  })
}
