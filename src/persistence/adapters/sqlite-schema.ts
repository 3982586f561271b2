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
  for (const name of indexNames) {
    const c = indexColumns(name)
    db.exec(`CREATE INDEX ${quote(`${spec.name}:ix:${name}`)} ON ${t} (${c.pk}, ${c.sk}, pk, sk) WHERE ${c.pk} IS NOT NULL`)
  }
  db.prepare(`INSERT INTO ${META_TABLE} (name, spec) VALUES (?, ?)`).run(spec.name, JSON.stringify(spec))
}
