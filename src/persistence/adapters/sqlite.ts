// The SQLite backend (better-sqlite3 12), the default: an embedded file, nothing to
// install. Same semantics as DynamoDB through the helpers in shared/, which the memory
// backend uses too; SQL layout in sqlite-schema.ts.
//
// Atomicity: better-sqlite3 is synchronous, so nothing else in this process runs between a
// condition's read and its write. Against other processes on the same file, every
// read-check-write runs in BEGIN IMMEDIATE, which takes the write lock before the read;
// waiting for that lock is bounded by the busy timeout, after which the call fails with
// StoreUnavailable rather than hanging.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { ItemKey, Page, QueryInput, Store, StoredItem, TableSpec, TableStatus, TransactOp, UpdateInput, WriteCondition } from '../store.js'
import { ConditionFailed, StoreUnavailable } from '../store.js'
import { decodeCursor, encodeCursor } from './shared/cursor.js'
import { checkedKey, indexKey, primaryKey, type EncodedKey } from './shared/items.js'
import { checkLimit, planQuery } from './shared/query-plan.js'
import { applyUpdate, conditionHolds, expiresAt, nowSeconds } from './shared/semantics.js'
import { checkTransact, specProblems } from './shared/tables.js'
import { decodeItem, encodeItem } from './shared/values.js'
import { addIndexes, createMeta, createTable, indexColumns, quote, readSpecs } from './sqlite-schema.js'
import { blob, querySelect, scanSelect, type Select } from './sqlite-sql.js'

export interface SqliteStoreOptions {
  /** The database file; its folder is created. ':memory:' for a private in-memory database. */
  file: string
  /** How long a write waits for another process's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number
}

/** One table as it exists in the file, with its prepared statements. */
interface SqlTable {
  /** The spec the table was created with: its index columns are what the file holds. */
  spec: TableSpec
  indexNames: string[]
  get: Database.Statement
  upsert: Database.Statement
  remove: Database.Statement
}

interface Row {
  item: string
  [position: string]: unknown
}

const UNAVAILABLE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_CORRUPT', 'SQLITE_NOTADB'])

function unavailable(error: unknown): unknown {
  const code = (error as { code?: unknown }).code
  // Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE ...) count as their primary code.
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code.split('_').slice(0, 2).join('_'))) {
    return new StoreUnavailable(`sqlite: ${(error as Error).message}`, { cause: error })
  }
  return error
}

/** Opens the file (creating its folder); a file that cannot be opened is StoreUnavailable, naming it. */
function open(options: SqliteStoreOptions): Database.Database {
  try {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true })
    const db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 5000 })
    db.pragma('journal_mode = WAL')
    // NORMAL is durable across process crashes under WAL; only a power cut can lose the last commits.
    db.pragma('synchronous = NORMAL')
    createMeta(db)
    return db
  } catch (error) {
    throw new StoreUnavailable(`sqlite: cannot open ${options.file}: ${(error as Error).message}`, { cause: error })
  }
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = open(options)
  const tables = new Map<string, SqlTable>()
  const statements = new Map<string, Database.Statement>()
  let closed = false

  function statement(sql: string): Database.Statement {
    let s = statements.get(sql)
    if (s === undefined) {
      // Query texts vary with the table, index, sort operator, order and limit: bounded, but forget them all past a cap rather than grow.
      if (statements.size >= 1000) statements.clear()
      statements.set(sql, (s = db.prepare(sql)))
    }
    return s
  }

  function load(spec: TableSpec): SqlTable {
    const t = quote(spec.name)
    const indexNames = Object.keys(spec.indexes)
    const cols = ['pk', 'sk', 'item', 'expires', ...indexNames.flatMap((n) => Object.values(indexColumns(n)))]
    const updates = cols.slice(2).map((c) => `${c} = excluded.${c}`)
    return {
      spec,
      indexNames,
      get: db.prepare(`SELECT item FROM ${t} WHERE pk = ? AND sk = ? AND (expires IS NULL OR expires >= ?)`).pluck(),
      upsert: db.prepare(`INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (pk, sk) DO UPDATE SET ${updates.join(', ')}`),
      remove: db.prepare(`DELETE FROM ${t} WHERE pk = ? AND sk = ?`),
    }
  }

  function tableOf(spec: TableSpec): SqlTable {
    if (closed) throw new StoreUnavailable('the sqlite store is closed')
    let table = tables.get(spec.name)
    if (table === undefined) {
      // Another process may have created it since this one last looked.
      const stored = readSpecs(db).get(spec.name)
      if (stored === undefined) throw new Error(`table ${spec.name} does not exist (createTables makes it)`)
      tables.set(spec.name, (table = load(stored)))
    }
    return table
  }

  /** An existing item's key in a new index; one whose attribute has the wrong type stays out of it, as DynamoDB's backfill leaves it out. */
  function storedIndexKey(spec: TableSpec, name: string, text: string): { pk: Buffer; sk: Buffer } | undefined {
    try {
      const at = indexKey(spec, name, decodeItem(text))
      return at === undefined ? undefined : { pk: blob(at.pk), sk: blob(at.sk) }
    } catch {
      return undefined
    }
  }

  function read(table: SqlTable, key: EncodedKey, now: number): StoredItem | undefined {
    const text = table.get.get(blob(key.pk), blob(key.sk), now) as string | undefined
    return text === undefined ? undefined : decodeItem(text)
  }

  /** Stores an item; its index keys are checked here (a mistyped one throws before the row is written). */
  function write(table: SqlTable, item: StoredItem, key: EncodedKey): void {
    const params: unknown[] = [blob(key.pk), blob(key.sk), encodeItem(item), expiresAt(table.spec, item) ?? null]
    for (const name of table.indexNames) {
      const at = indexKey(table.spec, name, item)
      params.push(at === undefined ? null : blob(at.pk), at === undefined ? null : blob(at.sk))
    }
    table.upsert.run(params)
  }

  /** One write with its condition checked first; the caller runs it inside a transaction when it reads. Returns the item written, if any. */
  function apply(op: TransactOp, now: number): StoredItem | undefined {
    const table = tableOf(op.table)
    if (op.kind === 'put') {
      const key = primaryKey(op.table, op.item)
      if (op.condition !== undefined && !conditionHolds(read(table, key, now), op.condition)) throw new ConditionFailed()
      write(table, op.item, key)
      return op.item
    }
    const key = checkedKey(op.table, op.key)
    const existing = read(table, key, now)
    if (op.kind === 'update') {
      const item = applyUpdate(op.table, existing, op.key, op.update)
      if (!conditionHolds(existing, op.condition)) throw new ConditionFailed()
      write(table, item, key)
      return item
    }
    if (!conditionHolds(existing, op.condition)) throw new ConditionFailed()
    if (op.kind === 'delete') table.remove.run(blob(key.pk), blob(key.sk))
    return undefined
  }

  const applyOne = db.transaction((op: TransactOp) => apply(op, nowSeconds()))
  const applyAll = db.transaction((ops: TransactOp[]) => {
    const now = nowSeconds()
    ops.forEach((op, i) => {
      try {
        apply(op, now)
      } catch (error) {
        throw error instanceof ConditionFailed ? new ConditionFailed(i) : error
      }
    })
  })
  const putAll = db.transaction((table: SqlTable, spec: TableSpec, items: StoredItem[]) => {
    for (const item of items) write(table, item, primaryKey(spec, item))
  })
  const getAll = db.transaction((table: SqlTable, spec: TableSpec, keys: ItemKey[]) => {
    const now = nowSeconds()
    const seen = new Set<string>()
    const items: StoredItem[] = []
    for (const key of keys) {
      const encoded = checkedKey(spec, key)
      const id = JSON.stringify([encoded.pk, encoded.sk])
      if (seen.has(id)) continue
      seen.add(id)
      const item = read(table, encoded, now)
      if (item !== undefined) items.push(item)
    }
    return items
  })

  /** Runs a write that reads first (a condition, an update) under BEGIN IMMEDIATE. */
  function writeChecked(op: TransactOp): StoredItem | undefined {
    tableOf(op.table)
    return applyOne.immediate(op)
  }

  function page(select: Select, positions: number): Page {
    const rows = statement(select.sql).all(select.params) as Row[]
    const more = select.limit !== undefined && rows.length > select.limit
    const taken = more ? rows.slice(0, -1) : rows
    const result: Page = { items: taken.map((row) => decodeItem(row.item)) }
    const last = taken[taken.length - 1]
    if (more && last !== undefined) result.cursor = encodeCursor(Array.from({ length: positions }, (_, i) => (last[`p${i}`] as Buffer).toString('latin1')))
    return result
  }

  /** Every operation: SQLite's lock and I/O failures become StoreUnavailable, other errors pass. */
  async function guarded<T>(work: () => T): Promise<T> {
    if (closed) throw new StoreUnavailable('the sqlite store is closed')
    try {
      return work()
    } catch (error) {
      throw unavailable(error)
    }
  }

  return {
    backend: 'sqlite',

    status: (specs: TableSpec[]) =>
      guarded(() => {
        const existing = readSpecs(db)
        return specs.map((spec): TableStatus => {
          const actual = existing.get(spec.name)
          return { name: spec.name, exists: actual !== undefined, problems: actual === undefined ? [] : specProblems(spec, actual) }
        })
      }),

    createTables: (specs: TableSpec[]) =>
      guarded(() =>
        db
          .transaction(() => {
            const existing = readSpecs(db)
            const created: string[] = []
            for (const spec of specs) {
              const actual = existing.get(spec.name)
              if (actual !== undefined) {
                // An index declared after the table was made is added and filled; other
                // differences (keys, ttl) stay for status() to report.
                if (addIndexes(db, spec, actual, (text, name) => storedIndexKey(spec, name, text)).length > 0) tables.delete(spec.name)
                continue
              }
              createTable(db, spec)
              existing.set(spec.name, spec)
              created.push(spec.name)
            }
            return created
          })
          .immediate(),
      ),

    get: (spec: TableSpec, key: ItemKey) => guarded(() => read(tableOf(spec), checkedKey(spec, key), nowSeconds())),

    put: (spec: TableSpec, item: StoredItem, condition?: WriteCondition) =>
      guarded(() => {
        if (condition === undefined) write(tableOf(spec), item, primaryKey(spec, item))
        else writeChecked({ kind: 'put', table: spec, item, condition })
      }),

    update: (spec: TableSpec, key: ItemKey, update: UpdateInput, condition?: WriteCondition) =>
      guarded(() => {
        const op: TransactOp = { kind: 'update', table: spec, key, update }
        if (condition !== undefined) op.condition = condition
        return writeChecked(op) as StoredItem
      }),

    delete: (spec: TableSpec, key: ItemKey, condition?: WriteCondition) =>
      guarded(() => {
        if (condition !== undefined) writeChecked({ kind: 'delete', table: spec, key, condition })
        else {
          const encoded = checkedKey(spec, key)
          tableOf(spec).remove.run(blob(encoded.pk), blob(encoded.sk))
        }
      }),

    query: (spec: TableSpec, input: QueryInput) =>
      guarded(() => {
        const table = tableOf(spec)
        const plan = planQuery(spec, input)
        if (plan.index !== undefined && !table.indexNames.includes(plan.index)) {
          throw new Error(`table ${spec.name} was created without index ${plan.index} (see status())`)
        }
        return page(querySelect(spec, plan, nowSeconds()), plan.index === undefined ? 1 : 3)
      }),

    scan: (spec: TableSpec, input: { limit?: number; cursor?: string }) =>
      guarded(() => {
        tableOf(spec)
        const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, 2)
        return page(scanSelect(spec, after, checkLimit(input.limit), nowSeconds()), 2)
      }),

    batchGet: (spec: TableSpec, keys: ItemKey[]) => guarded(() => getAll(tableOf(spec), spec, keys)),

    batchPut: (spec: TableSpec, items: StoredItem[]) =>
      guarded(() => {
        putAll.immediate(tableOf(spec), spec, items)
      }),

    transact: (ops: TransactOp[]) =>
      guarded(() => {
        checkTransact(ops)
        for (const op of ops) tableOf(op.table)
        applyAll.immediate(ops)
      }),

    ping: () =>
      guarded(() => {
        statement('SELECT 1').get()
      }),

    async close() {
      if (closed) return
      closed = true
      db.close()
    },
  }
}
