// Where an item sits in a table and in each index, as encoded keys (see key-codec.ts).
import type { ItemKey, StoredItem, TableSpec } from '../../store.js'
import { encodeKey } from './key-codec.js'

export interface EncodedKey {
  pk: string
  /** '' when the table (or index) has no sort key. */
  sk: string
}

function typeOf(table: TableSpec, attr: string) {
  const type = table.keyTypes[attr]
  if (type === undefined) throw new TypeError(`table ${table.name} declares no key type for ${attr}`)
  return type
}

export function encodeAttr(table: TableSpec, attr: string, value: unknown): string {
  return encodeKey(attr, typeOf(table, attr), value)
}

/** The primary key of an item or of a key; throws when an attribute is missing or of the wrong type. */
export function primaryKey(table: TableSpec, item: StoredItem | ItemKey): EncodedKey {
  return {
    pk: encodeAttr(table, table.key, item[table.key]),
    sk: table.sort === undefined ? '' : encodeAttr(table, table.sort, item[table.sort]),
  }
}

/** A key argument must name exactly the key attributes, as DynamoDB requires. */
export function checkedKey(table: TableSpec, key: ItemKey): EncodedKey {
  const names = Object.keys(key)
  const expected = table.sort === undefined ? 1 : 2
  if (names.length !== expected || names.some((n) => n !== table.key && n !== table.sort)) {
    throw new TypeError(`a key of table ${table.name} has exactly the attributes ${[table.key, table.sort].filter(Boolean).join(', ')}; got ${names.join(', ')}`)
  }
  return primaryKey(table, key)
}

/**
 * The item's key in one index, or undefined when it lacks an index key attribute (DynamoDB
 * leaves such items out of the index). A present attribute of the wrong type throws, as
 * DynamoDB refuses that write.
 */
export function indexKey(table: TableSpec, name: string, item: StoredItem): EncodedKey | undefined {
  const index = table.indexes[name]
  if (index === undefined) throw new TypeError(`table ${table.name} has no index ${name}`)
  const pkValue = item[index.key]
  const skValue = index.sort === undefined ? '' : item[index.sort]
  if (pkValue === undefined || skValue === undefined) {
    if (pkValue !== undefined) encodeAttr(table, index.key, pkValue)
    if (index.sort !== undefined && skValue !== undefined) encodeAttr(table, index.sort, skValue)
    return undefined
  }
  return { pk: encodeAttr(table, index.key, pkValue), sk: index.sort === undefined ? '' : encodeAttr(table, index.sort, skValue) }
}

/** Checks every key attribute of an item before it is written; returns its primary key. */
export function checkItemKeys(table: TableSpec, item: StoredItem): EncodedKey {
  const key = primaryKey(table, item)
  for (const name of Object.keys(table.indexes)) indexKey(table, name, item)
  return key
}

/** The attributes of the primary key, copied from an item. */
export function keyOf(table: TableSpec, item: StoredItem): ItemKey {
  const key: ItemKey = { [table.key]: item[table.key] as ItemKey[string] }
  if (table.sort !== undefined) key[table.sort] = item[table.sort] as ItemKey[string]
  return key
}
