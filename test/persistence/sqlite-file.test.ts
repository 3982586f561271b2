// What the SQLite backend adds to the Store contract: a file that persists and is shared
// by processes, WAL, indexed query plans, and bounded waits on a locked file.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { createSqliteStore } from '../../src/persistence/adapters/sqlite.js'
import { planQuery } from '../../src/persistence/adapters/shared/query-plan.js'
import { createMeta, createTable } from '../../src/persistence/adapters/sqlite-schema.js'
import { querySelect, scanSelect } from '../../src/persistence/adapters/sqlite-sql.js'
import { StoreUnavailable, type TableSpec } from '../../src/persistence/store.js'

const run = promisify(execFile)
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'macaron-sqlite-')), 'dir', 'data.db')
const things: TableSpec = { name: 'things', key: 'id', keyTypes: { id: 'S', owner: 'S', rank: 'N' }, ttl: 'ttl', indexes: { byOwner: { key: 'owner', sort: 'rank' } } }
const events: TableSpec = { name: 'events', key: 'stream', sort: 'seq', keyTypes: { stream: 'S', seq: 'N' }, indexes: {} }

test('items, tables and their specs persist in the file across connections; the file is in WAL mode', async () => {
  const file = tempFile()
  const first = createSqliteStore({ file })
  await first.createTables([things, events])
  await first.put(things, { id: 'a', owner: 'o', rank: 1, '\0n': 'a key that looks like a tag', big: 2n ** 64n })
  await first.close()
  const second = createSqliteStore({ file })
  assert.deepEqual(await second.status([things, events]), [
    { name: 'things', exists: true, problems: [] },
    { name: 'events', exists: true, problems: [] },
  ])
  assert.deepEqual(await second.get(things, { id: 'a' }), { id: 'a', owner: 'o', rank: 1, '\0n': 'a key that looks like a tag', big: 2n ** 64n })
  assert.deepEqual((await second.query(things, { index: 'byOwner', key: { attr: 'owner', value: 'o' } })).items.length, 1)
  await second.close()
  const raw = new Database(file, { readonly: true })
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal')
  raw.close()
})

test('a file that cannot be opened is StoreUnavailable naming it', () => {
  const blocker = join(mkdtempSync(join(tmpdir(), 'macaron-sqlite-')), 'not-a-folder')
  writeFileSync(blocker, 'x')
  assert.throws(() => createSqliteStore({ file: join(blocker, 'data.db') }), (e: unknown) => e instanceof StoreUnavailable && e.message.includes(join(blocker, 'data.db')))
})

test('queries, index queries, pages and scans run on indexes, never a full table scan or a sort', () => {
  const db = new Database(':memory:')
  createMeta(db)
  createTable(db, things)
  const cursor3 = Buffer.from(JSON.stringify(['\x03\x80\x01\x02', 'a', ''])).toString('base64url')
  const selects = [
    querySelect(things, planQuery(things, { key: { attr: 'id', value: 'a' } }), 0),
    querySelect(things, planQuery(things, { index: 'byOwner', key: { attr: 'owner', value: 'o' }, sort: { attr: 'rank', op: '>', value: 3 }, limit: 5 }), 0),
    querySelect(things, planQuery(things, { index: 'byOwner', key: { attr: 'owner', value: 'o' }, order: 'desc', limit: 5, cursor: cursor3 }), 0),
    scanSelect(things, ['a', ''], 10, 0),
  ]
  for (const select of selects) {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${select.sql}`).all(select.params) as { detail: string }[]).map((r) => r.detail).join('; ')
    assert.match(plan, /^SEARCH things USING INDEX \S+ \(/, `${select.sql}\n${plan}`)
    assert.doesNotMatch(plan, /TEMP B-TREE/, `${select.sql}\n${plan}`)
  }
  db.close()
})

test('several processes incrementing one counter with versioned writes on one file lose no update', async () => {
  const file = tempFile()
  const store = createSqliteStore({ file })
  const counters: TableSpec = { name: 'counters', key: 'id', keyTypes: { id: 'S' }, indexes: {} }
  await store.createTables([counters])
  const worker = new URL('./sqlite-worker.ts', import.meta.url).pathname
  const processes = 4
  const times = 200
  const startAt = String(Date.now() + 3000)
  await Promise.all(
    Array.from({ length: processes }, () => run(process.execPath, ['--conditions=macaron-source', '--import', 'tsx', worker, file, 'counters', String(times), startAt], { timeout: 60_000 })),
  )
  const item = await store.get(counters, { id: 'counter' })
  assert.deepEqual(item, { id: 'counter', count: processes * times, version: processes * times })
  await store.close()
})

test('a write waiting on another process holding the write lock fails with StoreUnavailable within the busy timeout', async () => {
  const file = tempFile()
  const store = createSqliteStore({ file, busyTimeoutMs: 200 })
  await store.createTables([events])
  const other = new Database(file)
  other.exec('BEGIN IMMEDIATE')
  const started = Date.now()
  await assert.rejects(store.put(events, { stream: 's', seq: 1 }, { kind: 'absent' }), StoreUnavailable)
  await assert.rejects(store.put(events, { stream: 's', seq: 1 }), StoreUnavailable)
  assert.ok(Date.now() - started < 3000, 'bounded by the busy timeout')
  assert.deepEqual(await store.get(events, { stream: 's', seq: 1 }), undefined, 'reads go on under WAL while another process writes')
  other.exec('ROLLBACK')
  other.close()
  await store.put(events, { stream: 's', seq: 1 }, { kind: 'absent' })
  assert.deepEqual(await store.get(events, { stream: 's', seq: 1 }), { stream: 's', seq: 1 })
  await store.close()
})
