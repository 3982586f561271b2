import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { TableSpec } from '../../src/persistence/store.js'

const root = new URL('../../', import.meta.url).pathname
const fixture = 'test/fixtures/persistence'

/** Runs a command as the docs write it ('macaron db status'), in the fixture project, with the prod environment. */
function macaron(command: string, env: Record<string, string>): { code: number | null; out: string } {
  const args = [...command.replace(/^macaron /, '').split(' '), fixture, '--env', 'prod']
  const r = spawnSync(process.execPath, ['bin/macaron.js', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, out: r.stdout + r.stderr }
}

test('macaron db status, create-tables --dry-run, create-tables on SQLite', () => {
  const env = { MACARON_PERSISTENCE__BACKEND: 'sqlite', MACARON_PERSISTENCE__SQLITE__FILE: join(mkdtempSync(join(tmpdir(), 'macaron-db-')), 'db.sqlite') }
  const before = macaron('macaron db status', env)
  assert.equal(before.code, 1, before.out)
  assert.match(before.out, /backend sqlite, table prefix 'prod_'/)
  assert.match(before.out, /^prod_profiles: missing$/m)
  assert.match(before.out, /3 table\(s\), 3 missing or different/)

  const dry = macaron('macaron db create-tables --dry-run', env)
  assert.equal(dry.code, 0, dry.out)
  assert.match(dry.out, /^would create prod_events: key stream \(S\); sort seq \(N\); index byKind: kind \(S\) \+ at \(S\); ttl expires_at$/m)
  assert.match(dry.out, /^would create prod_profiles: key profile_id \(S\)$/m)
  assert.match(dry.out, /dry run: 3 table\(s\) to create, nothing changed/)
  assert.equal(macaron('macaron db status', env).code, 1, 'the dry run created nothing')

  const create = macaron('macaron db create-tables', env)
  assert.equal(create.code, 0, create.out)
  assert.match(create.out, /created 3 table\(s\)/)
  const after = macaron('macaron db status', env)
  assert.equal(after.code, 0, after.out)
  assert.match(after.out, /^prod_notes: ok$/m)
  const again = macaron('macaron db create-tables', env)
  assert.match(again.out, /nothing to create/)
})

test('on SQLite, create-tables adds an index the spec declares and an existing table lacks, filled from its items', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'macaron-db-')), 'db.sqlite')
  const env = { MACARON_PERSISTENCE__BACKEND: 'sqlite', MACARON_PERSISTENCE__SQLITE__FILE: file }
  assert.equal(macaron('macaron db create-tables', env).code, 0)
  // The events table as an older spec made it: without its byKind index.
  const { createSqliteStore } = await import('../../src/persistence/adapters/sqlite.js')
  const Database = (await import('better-sqlite3')).default
  const raw = new Database(file)
  raw.prepare('DELETE FROM _macaron_tables WHERE name = ?').run('prod_events')
  raw.exec('DROP TABLE prod_events')
  raw.close()
  const older: TableSpec = { name: 'prod_events', key: 'stream', sort: 'seq', keyTypes: { stream: 'S', seq: 'N', kind: 'S', at: 'S' }, ttl: 'expires_at', indexes: {} }
  const store = createSqliteStore({ file })
  await store.createTables([older])
  await store.put(older, { stream: 's', seq: 1, kind: 'login', at: '2026-11-29T10:00:00Z' })
  await store.close()

  const status = macaron('macaron db status', env)
  assert.match(status.out, /^prod_events: differs: index byKind is missing$/m)
  const dry = macaron('macaron db create-tables --dry-run', env)
  assert.match(dry.out, /^would add to prod_events: index byKind, filled from its items$/m)
  assert.match(dry.out, /dry run: 0 table\(s\) to create, 1 to index, nothing changed/)
  const add = macaron('macaron db create-tables', env)
  assert.equal(add.code, 0, add.out)
  assert.match(add.out, /created 0 table\(s\), indexed 1/)
  assert.equal(macaron('macaron db status', env).code, 0)
  const reopened = createSqliteStore({ file })
  const found = await reopened.query({ ...older, indexes: { byKind: { key: 'kind', sort: 'at' } } }, { index: 'byKind', key: { attr: 'kind', value: 'login' } })
  assert.deepEqual(found.items.map((i) => i.seq), [1])
  await reopened.close()
})

test('outside dev, start-up fails naming the missing tables; in dev they are created', async () => {
  const { createApp } = await import('../../src/index.js')
  const file = join(mkdtempSync(join(tmpdir(), 'macaron-db-')), 'db.sqlite')
  const overrides = { persistence: { backend: 'sqlite', sqlite: { file } } }
  await assert.rejects(createApp({ dir: join(root, fixture), env: 'prod', logger: false, overrides }), /missing table\(s\): prod_profiles, prod_events, prod_notes; create them with `macaron db create-tables`/)
  const app = await createApp({ dir: join(root, fixture), env: 'dev', logger: false, overrides })
  try {
    const ready = await app.server.inject({ method: 'GET', url: '/ready' })
    assert.equal(ready.statusCode, 200, ready.body)
    assert.match(ready.body, /persistence/)
    assert.equal(app.store?.backend, 'sqlite')
  } finally {
    await app.close()
  }
})
