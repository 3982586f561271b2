import type { JsonObject } from '../spec/types.js'
import { formatOf, propertySchema, toModelValue, type Resolve } from '../models/convert.js'
import { ItemTooLarge } from './errors.js'
import type { ItemKey, KeyValue, StoredItem, StoredValue, TableSpec } from './store.js'

/** DynamoDB's item limit, applied on every backend so that a service moves between them freely. */
export const MAX_ITEM_BYTES = 400 * 1024

// The stored form of a model: what JSON would write, except that binary stays binary
// (Buffer/Uint8Array, base64 strings of format byte are decoded), int64 beyond 2^53 stays a
// bigint, a Date becomes the schema's string, undefined is dropped (in objects; in arrays
// it becomes null, as JSON does), and numbers (floats included) and empty strings are kept.

export function toStoredItem(fields: Record<string, unknown>, schema: JsonObject, resolve: Resolve): StoredItem {
  return toStored(fields, schema, resolve) as StoredItem
}

function toStored(value: unknown, schema: JsonObject | undefined, resolve: Resolve): StoredValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') {
    if (typeof value === 'string' && formatOf(schema) === 'byte') return Buffer.from(value, 'base64')
    return value
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored: numbers must be finite`)
    return value
  }
  if (value instanceof Uint8Array) return value
  if (value instanceof Date) return formatOf(schema) === 'date' ? value.toISOString().slice(0, 10) : value.toISOString()
  if (Array.isArray(value)) {
    const items = schema ? propertyItems(schema, resolve) : undefined
    return value.map((v) => (v === undefined ? null : toStored(v, items, resolve)))
  }
  if (typeof value === 'object') {
    const out: Record<string, StoredValue> = {}
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined && typeof v !== 'function') out[key] = toStored(v, propertySchema(schema, key, resolve), resolve)
    }
    return out
  }
  throw new TypeError(`a ${typeof value} cannot be stored`)
}

function propertyItems(schema: JsonObject, resolve: Resolve): JsonObject | undefined {
  return typeof schema.items === 'object' && schema.items !== null ? resolve(schema.items) : undefined
}

/** What a stored item becomes in a model: binary as Buffer, bigints within 2^53 as numbers. */
export function fromStoredItem(item: StoredItem, schema: JsonObject, resolve: Resolve): Record<string, unknown> {
  return toModelValue(item, schema, resolve) as Record<string, unknown>
}

/** DynamoDB's own size rule: UTF-8 lengths of names and strings, ~1 byte per 2 digits of a number, 3 bytes per list or map, 1 per element. */
export function itemSize(item: StoredItem): number {
  let total = 0
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name) + valueSize(value)
  return total
}

function valueSize(value: StoredValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value)
  if (typeof value === 'number' || typeof value === 'bigint') return Math.ceil(String(value).replace(/^-|\.|e.*$/g, '').length / 2) + 1
  if (typeof value === 'boolean' || value === null) return 1
  if (value instanceof Uint8Array) return value.length
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueSize(v), 0)
  let total = 3
  for (const [name, v] of Object.entries(value)) total += 1 + Buffer.byteLength(name) + valueSize(v)
  return total
}

export function checkSize(model: string, item: StoredItem): void {
  const size = itemSize(item)
  if (size > MAX_ITEM_BYTES) throw new ItemTooLarge(`This ${model} is ${Math.ceil(size / 1024)} KB stored; an item may be at most 400 KB`)
}

/** The table key of a stored item. */
export function keyOfItem(table: TableSpec, item: Record<string, unknown>): ItemKey {
  const key: ItemKey = { [table.key]: item[table.key] as KeyValue }
  if (table.sort !== undefined) key[table.sort] = item[table.sort] as KeyValue
  return key
}

export type KeyInput = KeyValue | Record<string, unknown>

/** load('p1'), load('p1', 3) or load({profile_id: 'p1'}) → the item key; throws on a missing part. */
export function keyFromInput(model: string, table: TableSpec, input: KeyInput, sort?: KeyValue): ItemKey {
  const isScalar = typeof input !== 'object' || input instanceof Uint8Array
  const key: ItemKey = {}
  const partition = isScalar ? input : input[table.key]
  if (partition === undefined || partition === null) throw new TypeError(`${model}: the key needs ${table.key}`)
  key[table.key] = partition as KeyValue
  if (table.sort !== undefined) {
    const s = isScalar ? sort : (input[table.sort] ?? sort)
    if (s === undefined || s === null) throw new TypeError(`${model}: the key needs ${table.sort} (the table's sort key) too`)
    key[table.sort] = s as KeyValue
  }
  return key
}

/** A string naming one key, to match results to requests and spot duplicates. */
export function keyString(key: ItemKey): string {
  return Object.keys(key)
    .sort()
    .map((k) => {
      const v = key[k]
      return `${k}=${v instanceof Uint8Array ? Buffer.from(v).toString('base64') : typeof v === 'bigint' || typeof v === 'number' ? `n${String(v)}` : `s${String(v)}`}`
    })
    .join('&')
}
