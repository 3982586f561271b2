// Checks common to the backends that are not DynamoDB: table spec differences for
// status(), and the limits of a transaction.
import type { TableSpec, TransactOp } from '../../store.js'
import { checkedKey, primaryKey } from './items.js'

/** The status problem of an index the spec declares and the table lacks (SQLite adds those, see plan.ts). */
export function missingIndex(name: string): string {
  return `index ${name} is missing`
}

/** What differs between the table as wanted and as it exists (empty when they match). */
export function specProblems(wanted: TableSpec, actual: TableSpec): string[] {
  const problems: string[] = []
  const keyText = (t: TableSpec, attr: string | undefined) => (attr === undefined ? 'none' : `${attr} (${t.keyTypes[attr] ?? '?'})`)
  if (keyText(wanted, wanted.key) !== keyText(actual, actual.key)) problems.push(`key is ${keyText(actual, actual.key)}, the spec says ${keyText(wanted, wanted.key)}`)
  if (keyText(wanted, wanted.sort) !== keyText(actual, actual.sort)) problems.push(`sort key is ${keyText(actual, actual.sort)}, the spec says ${keyText(wanted, wanted.sort)}`)
  if (wanted.ttl !== actual.ttl) problems.push(`ttl attribute is ${actual.ttl ?? 'none'}, the spec says ${wanted.ttl ?? 'none'}`)
  for (const [name, index] of Object.entries(wanted.indexes)) {
    const existing = actual.indexes[name]
    if (existing === undefined) problems.push(missingIndex(name))
    else if (keyText(wanted, index.key) !== keyText(actual, existing.key) || keyText(wanted, index.sort) !== keyText(actual, existing.sort)) {
      problems.push(`index ${name} has key ${keyText(actual, existing.key)} / ${keyText(actual, existing.sort)}, the spec says ${keyText(wanted, index.key)} / ${keyText(wanted, index.sort)}`)
    }
  }
  return problems
}

export const MAX_TRANSACT_OPS = 100

/** Refuses what TransactWriteItems refuses before anything runs: over 100 operations, or two on one item. */
export function checkTransact(ops: TransactOp[]): void {
  if (ops.length > MAX_TRANSACT_OPS) throw new RangeError(`a transaction holds at most ${MAX_TRANSACT_OPS} operations, got ${ops.length}`)
  const seen = new Set<string>()
  for (const op of ops) {
    const key = op.kind === 'put' ? primaryKey(op.table, op.item) : checkedKey(op.table, op.key)
    const id = JSON.stringify([op.table.name, key.pk, key.sk])
    if (seen.has(id)) throw new TypeError(`a transaction cannot hold two operations on one item (table ${op.table.name})`)
    seen.add(id)
  }
}
