// The one interface every persistence backend implements (memory, sqlite, dynamodb), and
// that one contract suite (test/persistence/store-contract.ts) checks on each. The model layer
// (src/persistence/model.ts) validates, converts and prefixes; a backend only stores.
//
// Values a backend receives and returns ("stored values"): string, number, bigint (integers
// beyond 2^53, kept exact), boolean, null, Uint8Array (binary), arrays and plain objects of
// these. Never undefined (dropped before), never Date (the model layer writes the schema's
// string form). What a backend returns must compare deep-equal to what it was given.

export type StoredValue = string | number | bigint | boolean | null | Uint8Array | StoredValue[] | { [name: string]: StoredValue }
export type StoredItem = { [name: string]: StoredValue }

/** Key attribute values: DynamoDB allows strings, numbers and binary only. */
export type KeyValue = string | number | bigint | Uint8Array
export type KeyType = 'S' | 'N' | 'B'

export interface IndexSpec {
  key: string
  sort?: string
}

/** One table as the model layer declares it (from x-persist), with the environment prefix already applied. */
export interface TableSpec {
  /** Full table name, prefix included. */
  name: string
  key: string
  sort?: string
  /** The DynamoDB type of every key attribute (table and index keys). */
  keyTypes: Record<string, KeyType>
  /** Items whose ttl attribute (epoch seconds) is past are treated as absent on every read. */
  ttl?: string
  indexes: Record<string, IndexSpec>
}

/** The primary key of one item: the key attribute, and the sort attribute when the table has one. */
export type ItemKey = Record<string, KeyValue>

/**
 * What a write requires of the stored item. `absent`: no item with this key exists (create).
 * `present`: one exists (update). `version`: the item's attribute `attr` equals `value`
 * (or the attribute is absent / the item is absent when `value` is undefined). A write
 * whose condition fails throws ConditionFailedError and changes nothing.
 */
export type WriteCondition = { kind: 'absent' } | { kind: 'present' } | { kind: 'version'; attr: string; value: number | undefined }

export type SortCondition =
  | { op: '=' | '<' | '<=' | '>' | '>='; value: KeyValue }
  | { op: 'between'; value: KeyValue; to: KeyValue }
  | { op: 'begins_with'; value: string }

export interface QueryInput {
  /** Query an index instead of the table. */
  index?: string
  /** The partition key attribute (of the table or index) and its value. */
  key: { attr: string; value: KeyValue }
  sort?: { attr: string } & SortCondition
  limit?: number
  order?: 'asc' | 'desc'
  /** An opaque cursor from a previous page's `cursor`. */
  cursor?: string
}

export interface Page {
  items: StoredItem[]
  /** Present when more items may follow; opaque to callers (base64url JSON of the last key). */
  cursor?: string
}

/** Partial update: attributes to set (nested paths not supported: whole top-level values) and attributes to remove. */
export interface UpdateInput {
  set: StoredItem
  remove: string[]
}

export type TransactOp =
  | { kind: 'put'; table: TableSpec; item: StoredItem; condition?: WriteCondition }
  | { kind: 'update'; table: TableSpec; key: ItemKey; update: UpdateInput; condition?: WriteCondition }
  | { kind: 'delete'; table: TableSpec; key: ItemKey; condition?: WriteCondition }
  | { kind: 'check'; table: TableSpec; key: ItemKey; condition: WriteCondition }

export interface TableStatus {
  name: string
  exists: boolean
  /** What differs from the spec (missing index, other key), empty when it matches. */
  problems: string[]
}

export interface Store {
  readonly backend: 'memory' | 'sqlite' | 'dynamodb'
  /** Which tables exist and match (for `macaron db status` and start-up). */
  status(tables: TableSpec[]): Promise<TableStatus[]>
  /** Creates the missing tables (keys, indexes, TTL; on-demand billing on DynamoDB). */
  createTables(tables: TableSpec[]): Promise<string[]>
  get(table: TableSpec, key: ItemKey): Promise<StoredItem | undefined>
  put(table: TableSpec, item: StoredItem, condition?: WriteCondition): Promise<void>
  /** Returns the whole item after the update. */
  update(table: TableSpec, key: ItemKey, update: UpdateInput, condition?: WriteCondition): Promise<StoredItem>
  delete(table: TableSpec, key: ItemKey, condition?: WriteCondition): Promise<void>
  query(table: TableSpec, input: QueryInput): Promise<Page>
  scan(table: TableSpec, input: { limit?: number; cursor?: string }): Promise<Page>
  /** Any number of keys; backends chunk (100 on DynamoDB) and retry unprocessed keys. Missing items are left out. */
  batchGet(table: TableSpec, keys: ItemKey[]): Promise<StoredItem[]>
  /** Any number of items; backends chunk (25 on DynamoDB) and retry unprocessed items with backoff. */
  batchPut(table: TableSpec, items: StoredItem[]): Promise<void>
  /** All or nothing, at most 100 operations, no two on one item. */
  transact(ops: TransactOp[]): Promise<void>
  /** Cheap reachability check for /ready. */
  ping(): Promise<void>
  close(): Promise<void>
}

/**
 * A write's condition did not hold. Backends throw this (never their own error types) so
 * the model layer can turn it into ITEM_ALREADY_EXISTS, ITEM_NOT_FOUND or VERSION_CONFLICT.
 * For transact, `index` names the operation whose condition failed, when the backend knows.
 */
export class ConditionFailed extends Error {
  constructor(readonly index?: number) {
    super('the condition of the write did not hold')
    this.name = 'ConditionFailed'
  }
}

/** The backend could not be reached or kept failing after its retries; the model layer answers 503 DATABASE_UNAVAILABLE. */
export class StoreUnavailable extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'StoreUnavailable'
  }
}
