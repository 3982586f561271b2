// SQLite: Model.load / save on the sqlite backend against raw better-sqlite3 statements
// (one JSON text column, the same WAL and synchronous settings as the backend).
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compare, type Timing } from './measure.js'
import { ITEMS, layerSaves, openModel, sampleItem } from './model.js'

export async function benchSqlite(seconds: number, log: (line: string) => void): Promise<{ load: Timing[]; save: Timing[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-bench-'))
  const { Item, store, table } = await openModel({ backend: 'sqlite', create_tables: true, sqlite: { file: join(dir, 'model.db') } })
  const db = new Database(join(dir, 'raw.db'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec('CREATE TABLE items (id TEXT PRIMARY KEY, body TEXT NOT NULL)')
    const select = db.prepare<[string], { body: string }>('SELECT body FROM items WHERE id = ?')
    // An upsert in place, as the backend writes (INSERT OR REPLACE would delete and insert).
    const upsert = db.prepare<[string, string]>('INSERT INTO items (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body')
    for (let i = 0; i < ITEMS; i++) upsert.run(`item-${i}`, JSON.stringify(sampleItem(i)))
    await store.batchPut(table, Array.from({ length: ITEMS }, (_, i) => sampleItem(i)))
    let n = 0
    const id = () => `item-${n++ % ITEMS}`
    log('sqlite: load')
    const load = await compare(
      [
        { name: 'better-sqlite3 SELECT + JSON.parse', op: () => JSON.parse(select.get(id())?.body ?? 'null') },
        { name: 'Store.get', op: () => store.get(table, { item_id: id() }) },
        { name: 'Model.load', op: () => Item.load(id()) },
      ],
      seconds,
    )
    // The same versioned write by hand: read the version and write in one immediate transaction.
    const readVersion = db.prepare<[string], { body: string }>('SELECT body FROM items WHERE id = ?')
    let version = 1
    const versioned = db.transaction((item: Record<string, unknown>) => {
      const current = JSON.parse(readVersion.get(item.item_id as string)?.body ?? '{}') as { version?: number }
      if (current.version !== version) throw new Error('version conflict')
      upsert.run(item.item_id as string, JSON.stringify({ ...item, version: ++version }))
    })
    upsert.run('versioned', JSON.stringify({ ...sampleItem(1), item_id: 'versioned', version }))
    log('sqlite: save')
    const save = await compare(
      [
        { name: 'better-sqlite3 upsert + JSON.stringify', op: () => upsert.run(`raw-${n++ % ITEMS}`, JSON.stringify(sampleItem(1))) },
        { name: 'better-sqlite3 versioned upsert (transaction)', op: () => versioned.immediate({ ...sampleItem(1), item_id: 'versioned' }) },
        ...(await layerSaves({ Item, store, table })),
      ],
      seconds,
    )
    return { load, save }
  } finally {
    db.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
