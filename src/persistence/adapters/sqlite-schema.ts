// The SQL layout of the SQLite backend. One SQL table per TableSpec, rather than one shared
// table keyed by table name: each table gets its own index columns and partial indexes,
// so an index query is one range scan over exactly the items DynamoDB's index would hold,
// and one table's rows never slow another's queries.
//
// Columns: pk and sk hold the encoded key (shared/key-codec.ts), BLOBs whose memcmp order
// is DynamoDB's key order, so ORDER BY and range conditions run on the indexes; item holds
// the JSON text of the item (shared/values.ts); expires the TTL in epoch seconds, so
// expired items are filtered before LIMIT. Each index NAME adds "ix:NAME:pk" and
// "ix:NAME:sk", NULL for items lacking an index key attribute, and a partial index over
// the non-NULL rows. A rowid table rather than WITHOUT ROWID: items may be up to 400 KB,
// which WITHOUT ROWID stores poorly.
import type Database from 'better-sqlite3'
import type { TableSpec } from '../store.js'

export const META_TABLE = '_macaron_tables'

export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function indexColumns(name: string): { pk: string; sk: string } {
  return { pk: quote(`ix:${name}:pk`), sk: quote(`ix:${name}:sk`) }
}

export function createMeta(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (name TEXT PRIMARY KEY, spec TEXT NOT NULL)`)
}

/** The specs of the tables that exist in the file, as they were created. */
export function readSpecs(db: Database.Database): Map<string, TableSpec> {
  const rows = db.prepare(`SELECT name, spec FROM ${META_TABLE}`).all() as { name: string; spec: string }[]
  return new Map(rows.map((row) => [row.name, JSON.parse(row.spec) as TableSpec]))
}

export function createTable(db: Database.Database, spec: TableSpec): void {
  const t = quote(spec.name)
  const indexNames = Object.keys(spec.indexes)
  const columns = indexNames.flatMap((name) => {
    const c = indexColumns(name)
    return [`${c.pk} BLOB`, `${c.sk} BLOB`]
  })
  db.exec(`CREATE TABLE ${t} (pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL, expires REAL, ${[...columns, 'PRIMARY KEY (pk, sk)'].join(', ')})`)
  for (const name of indexNames) createIndex(db, spec, name)
  db.prepare(`INSERT INTO ${META_TABLE} (name, spec) VALUES (?, ?)`).run(spec.name, JSON.stringify(spec))
}

function createIndex(db: Database.Database, spec: TableSpec, name: string): void {
  const c = indexColumns(name)
  db.exec(`CREATE INDEX ${quote(`${spec.name}:ix:${name}`)} ON ${quote(spec.name)} (${c.pk}, ${c.sk}, pk, sk) WHERE ${c.pk} IS NOT NULL`)
}

/**
 * Adds to an existing table the indexes the spec declares and it lacks, filled from the
 * items already stored (as DynamoDB backfills a new global secondary index), and records
 * the new spec. `keysOf` gives an item's encoded index key. Returns the names added.
 */
export function addIndexes(
  db: Database.Database,
  wanted: TableSpec,
  actual: TableSpec,
  keysOf: (item: string, index: string) => { pk: Uint8Array; sk: Uint8Array } | undefined,
): string[] {
  const added = Object.keys(wanted.indexes).filter((name) => actual.indexes[name] === undefined)
  if (added.length === 0) return []
  const t = quote(wanted.name)
  for (const name of added) {
    const c = indexColumns(name)
    db.exec(`ALTER TABLE ${t} ADD COLUMN ${c.pk} BLOB`)
    db.exec(`ALTER TABLE ${t} ADD COLUMN ${c.sk} BLOB`)
    const fill = db.prepare(`UPDATE ${t} SET ${c.pk} = ?, ${c.sk} = ? WHERE rowid = ?`)
    // In pages: the connection cannot write while a SELECT is still being stepped through.
    const next = db.prepare(`SELECT rowid, item FROM ${t} WHERE rowid > ? ORDER BY rowid LIMIT 1000`)
    for (let after = 0, rows = next.all(after) as Array<{ rowid: number; item: string }>; rows.length > 0; rows = next.all(after) as typeof rows) {
      for (const row of rows) {
        const at = keysOf(row.item, name)
        if (at !== undefined) fill.run(at.pk, at.sk, row.rowid)
        after = row.rowid
      }
    }
    createIndex(db, wanted, name)
  }
  const indexes = { ...actual.indexes, ...Object.fromEntries(added.map((name) => [name, wanted.indexes[name]!])) }
  db.prepare(`UPDATE ${META_TABLE} SET spec = ? WHERE name = ?`).run(JSON.stringify({ ...actual, indexes }), wanted.name)
  return added
}
