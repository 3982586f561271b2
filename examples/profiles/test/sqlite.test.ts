import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { createApp } from 'macaron'

const dir = new URL('..', import.meta.url).pathname

// What `npm start` does: the dev environment, the default SQLite backend, tables created at
// start-up; a second start finds the data the first one left.
test('on SQLite with no setup, profiles survive a restart', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'macaron-profiles-')), 'dev.db')
  const options = { dir, env: 'dev', logger: false as const, overrides: { persistence: { sqlite: { file } } } }
  const first = await createApp(options)
  let id: string
  try {
    assert.equal(first.store?.backend, 'sqlite')
    const base = await first.listen({ port: 0, host: '127.0.0.1' })
    const res = await fetch(`${base}/profiles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Grace' }) })
    assert.equal(res.status, 201)
    id = ((await res.json()) as { profile_id: string }).profile_id
  } finally {
    await first.close()
  }
  const second = await createApp(options)
  try {
    const base = await second.listen({ port: 0, host: '127.0.0.1' })
    const res = await fetch(`${base}/profiles/${id}`)
    assert.equal(res.status, 200)
    const profile = (await res.json()) as { name: string; view_count: number }
    assert.equal(profile.name, 'Grace')
    assert.equal(profile.view_count, 1)
  } finally {
    await second.close()
  }
})
