// The memory backend: Maps in this process, for tests and throwaway runs. It follows
// DynamoDB's semantics (conditions, key order, pagination, TTL, transactions) through the
// helpers in shared/, which the SQLite backend uses too, so that one contract suite holds
// on all backends. Items are copied in and out: a caller never holds a stored object.
import type { ItemKey, Page, QueryInput, StoredItem, Store, TableSpec, TableStatus, TransactOp, UpdateInput, WriteCondition } from '../store.js'
import { ConditionFailed, StoreUnavailable } from '../store.js'
import { comparePositions, encodeCursor, decodeCursor } from './shared/cursor.js'
import { checkedKey, checkItemKeys, indexKey, type EncodedKey } from './shared/items.js'
import { checkLimit, planQuery, sortMatches } from './shared/query-plan.js'
import { applyUpdate, conditionHolds, expiresAt, nowSeconds } from './shared/semantics.js'
import { checkTransact, specProblems } from './shared/tables.js'
import { copyItem } from './shared/values.js'

interface Entry {
  item: StoredItem
  key: EncodedKey
  expires: number | undefined
  /** The item's key in each index it belongs to. */
  index: Record<string, EncodedKey | undefined>
}

interface MemoryTable {
  spec: TableSpec
  /** partition key → sort key → entry (both encoded, see shared/key-codec.ts). */
  partitions: Map<string, Map<string, Entry>>
}

interface Row {
  position: string[]
  entry: Entry
}

export function createMemoryStore(): Store {
  const tables = new Map<string, MemoryTable>()
  let closed = false

  function tableOf(spec: TableSpec): MemoryTable {
    if (closed) throw new StoreUnavailable('the memory store is closed')
    const table = tables.get(spec.name)
    if (table === undefined) throw new Error(`table ${spec.name} does not exist (createTables makes it)`)
    return table
  }

  function live(entry: Entry | undefined, now: number): Entry | undefined {
    return entry === undefined || (entry.expires !== undefined && entry.expires < now) ? undefined : entry
  }

  function find(table: MemoryTable, key: EncodedKey, now: number): Entry | undefined {
    return live(table.partitions.get(key.pk)?.get(key.sk), now)
  }

  function entryOf(spec: TableSpec, item: StoredItem, key: EncodedKey): Entry {
    const index: Entry['index'] = {}
    for (const name of Object.keys(spec.indexes)) index[name] = indexKey(spec, name, item)
    return { item, key, expires: expiresAt(spec, item), index }
  }

  function store(table: MemoryTable, entry: Entry): void {
    let partition = table.partitions.get(entry.key.pk)
    if (partition === undefined) table.partitions.set(entry.key.pk, (partition = new Map()))
    partition.set(entry.key.sk, entry)
  }

  function remove(table: MemoryTable, key: EncodedKey): void {
    const partition = table.partitions.get(key.pk)
    partition?.delete(key.sk)
    if (partition?.size === 0) table.partitions.delete(key.pk)
  }

  /** Checks one write and returns the change to make (and the item it stores), so a transaction checks all before it applies any. */
  function prepare(op: TransactOp, now: number): { apply: () => void; item?: StoredItem } {
    const table = tableOf(op.table)
    if (op.kind === 'put') {
      const item = copyItem(op.item)
      const key = checkItemKeys(op.table, item)
      if (!conditionHolds(find(table, key, now)?.item, op.condition)) throw new ConditionFailed()
      return { apply: () => store(table, entryOf(op.table, item, key)), item }
    }
    const key = checkedKey(op.table, op.key)
    const existing = find(table, key, now)?.item
    if (op.kind === 'update') {
      const item = applyUpdate(op.table, existing, op.key, op.update)
      checkItemKeys(op.table, item)
      if (!conditionHolds(existing, op.condition)) throw new ConditionFailed()
      return { apply: () => store(table, entryOf(op.table, item, key)), item }
    }
    if (!conditionHolds(existing, op.condition)) throw new ConditionFailed()
    return { apply: op.kind === 'delete' ? () => remove(table, key) : () => {} }
  }

  function page(rows: Row[], desc: boolean, after: string[] | undefined, limit: number | undefined): Page {
    rows.sort((a, b) => (desc ? -1 : 1) * comparePositions(a.position, b.position))
    const start = after === undefined ? 0 : rows.findIndex((r) => (desc ? -1 : 1) * comparePositions(r.position, after) > 0)
    const rest = start < 0 ? [] : rows.slice(start)
    const taken = limit === undefined ? rest : rest.slice(0, limit)
    const result: Page = { items: taken.map((r) => copyItem(r.entry.item)) }
    const last = taken[taken.length - 1]
    if (taken.length < rest.length && last !== undefined) result.cursor = encodeCursor(last.position)
    return result
  }

  return {
    backend: 'memory',

    async status(specs: TableSpec[]): Promise<TableStatus[]> {
      if (closed) throw new StoreUnavailable('the memory store is closed')
      return specs.map((spec) => {
        const existing = tables.get(spec.name)
        return { name: spec.name, exists: existing !== undefined, problems: existing === undefined ? [] : specProblems(spec, existing.spec) }
      })
    },

    async createTables(specs: TableSpec[]): Promise<string[]> {
      if (closed) throw new StoreUnavailable('the memory store is closed')
      const created: string[] = []
      for (const spec of specs) {
        if (tables.has(spec.name)) continue
        tables.set(spec.name, { spec: structuredClone(spec), partitions: new Map() })
        created.push(spec.name)
      }
      return created
    },

    async get(spec: TableSpec, key: ItemKey) {
      const entry = find(tableOf(spec), checkedKey(spec, key), nowSeconds())
      return entry === undefined ? undefined : copyItem(entry.item)
    },

    async put(spec: TableSpec, item: StoredItem, condition?: WriteCondition) {
      prepare(condition === undefined ? { kind: 'put', table: spec, item } : { kind: 'put', table: spec, item, condition }, nowSeconds()).apply()
    },

    async update(spec: TableSpec, key: ItemKey, update: UpdateInput, condition?: WriteCondition) {
      const op: TransactOp = { kind: 'update', table: spec, key, update }
      if (condition !== undefined) op.condition = condition
      const change = prepare(op, nowSeconds())
      change.apply()
      return copyItem(change.item as StoredItem)
    },

    async delete(spec: TableSpec, key: ItemKey, condition?: WriteCondition) {
      prepare(condition === undefined ? { kind: 'delete', table: spec, key } : { kind: 'delete', table: spec, key, condition }, nowSeconds()).apply()
    },

    async query(spec: TableSpec, input: QueryInput): Promise<Page> {
      const table = tableOf(spec)
      const plan = planQuery(spec, input)
      const now = nowSeconds()
      const rows: Row[] = []
      if (plan.index === undefined) {
        for (const entry of table.partitions.get(plan.pk)?.values() ?? []) {
          if (live(entry, now) && sortMatches(plan.sort, entry.key.sk)) rows.push({ position: [entry.key.sk], entry })
        }
      } else {
        for (const partition of table.partitions.values()) {
          for (const entry of partition.values()) {
            const at = entry.index[plan.index]
            if (at !== undefined && at.pk === plan.pk && live(entry, now) && sortMatches(plan.sort, at.sk)) rows.push({ position: [at.sk, entry.key.pk, entry.key.sk], entry })
          }
        }
      }
      return page(rows, plan.desc, plan.after, plan.limit)
    },

    async scan(spec: TableSpec, input: { limit?: number; cursor?: string }): Promise<Page> {
      const table = tableOf(spec)
      const limit = checkLimit(input.limit)
      const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, 2)
      const now = nowSeconds()
      const rows: Row[] = []
      for (const partition of table.partitions.values()) {
        for (const entry of partition.values()) if (live(entry, now)) rows.push({ position: [entry.key.pk, entry.key.sk], entry })
      }
      return page(rows, false, after, limit)
    },

    async batchGet(spec: TableSpec, keys: ItemKey[]) {
      const table = tableOf(spec)
      const now = nowSeconds()
      const items: StoredItem[] = []
      const seen = new Set<string>()
      for (const key of keys) {
        const encoded = checkedKey(spec, key)
        const id = JSON.stringify([encoded.pk, encoded.sk])
        if (seen.has(id)) continue
        seen.add(id)
        const entry = find(table, encoded, now)
        if (entry !== undefined) items.push(copyItem(entry.item))
      }
      return items
    },

    async batchPut(spec: TableSpec, items: StoredItem[]) {
      const table = tableOf(spec)
      // Checked before any is stored, so a bad item leaves the batch unwritten rather than half-written.
      const entries = items.map((item) => {
        const copy = copyItem(item)
        return entryOf(spec, copy, checkItemKeys(spec, copy))
      })
      for (const entry of entries) store(table, entry)
    },

    async transact(ops: TransactOp[]) {
      checkTransact(ops)
      const now = nowSeconds()
      const changes = ops.map((op, i) => {
        try {
          return prepare(op, now)
        } catch (error) {
          throw error instanceof ConditionFailed ? new ConditionFailed(i) : error
        }
      })
      for (const change of changes) change.apply()
    },

    async ping() {
      if (closed) throw new StoreUnavailable('the memory store is closed')
    },

    async close() {
      closed = true
    },
  }
}
