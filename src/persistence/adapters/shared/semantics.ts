// DynamoDB's rules for conditions, updates and TTL, shared by the backends that are not
// DynamoDB so that they answer as it does.
import type { ItemKey, StoredItem, StoredValue, TableSpec, UpdateInput, WriteCondition } from '../../store.js'
import { copyValue } from './values.js'

/** Whether a write's condition holds for the item as stored now (undefined: none, or expired). */
export function conditionHolds(existing: StoredItem | undefined, condition: WriteCondition | undefined): boolean {
  if (condition === undefined) return true
  switch (condition.kind) {
    case 'absent':
      return existing === undefined
    case 'present':
      return existing !== undefined
    case 'version': {
      const current = existing?.[condition.attr]
      if (condition.value === undefined) return current === undefined
      // Numbers compare by value as in DynamoDB, so a bigint 3n matches 3.
      return (typeof current === 'number' || typeof current === 'bigint') && current == condition.value
    }
  }
}

/**
 * The item after an update: the existing one, or the key alone when there is none (an
 * update creates, as UpdateItem does). Refuses what DynamoDB refuses: changing a key
 * attribute, and naming one attribute both to set and to remove.
 */
export function applyUpdate(table: TableSpec, existing: StoredItem | undefined, key: ItemKey, update: UpdateInput): StoredItem {
  const keyAttrs = table.sort === undefined ? [table.key] : [table.key, table.sort]
  for (const name of [...Object.keys(update.set), ...update.remove]) {
    if (keyAttrs.includes(name)) throw new TypeError(`cannot update ${name}: it is part of the key of table ${table.name}`)
  }
  const overlap = update.remove.find((name) => Object.hasOwn(update.set, name))
  if (overlap !== undefined) throw new TypeError(`an update cannot both set and remove ${overlap}`)
  const next: StoredItem = existing === undefined ? { ...key } : { ...existing }
  for (const name of update.remove) delete next[name]
  for (const [name, value] of Object.entries(update.set)) next[name] = copyValue(value, name)
  return next
}

/** The TTL attribute's epoch seconds, when the table declares one and the item holds a number there (DynamoDB ignores other types). */
export function expiresAt(table: TableSpec, item: StoredItem): number | undefined {
  if (table.ttl === undefined) return undefined
  const value: StoredValue | undefined = item[table.ttl]
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  return undefined
}

export function nowSeconds(): number {
  return Date.now() / 1000
}

export function isExpired(table: TableSpec, item: StoredItem, now: number): boolean {
  const at = expiresAt(table, item)
  return at !== undefined && at < now
}
