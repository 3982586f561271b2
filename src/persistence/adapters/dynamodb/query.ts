// A query is checked against its table's spec before it is sent, so that a wrong index or
// key attribute fails with a message naming the spec, not DynamoDB's generic one.
import type { QueryInput, TableSpec } from '../../store.js'

export function checkQuery(table: TableSpec, input: QueryInput): void {
  const target = input.index === undefined ? { key: table.key, sort: table.sort } : table.indexes[input.index]
  if (target === undefined) throw new TypeError(`table ${table.name} has no index ${input.index}`)
  const where = input.index === undefined ? `table ${table.name}` : `index ${input.index} of table ${table.name}`
  if (input.key.attr !== target.key) throw new TypeError(`the partition key of ${where} is ${target.key}, not ${input.key.attr}`)
  if (input.sort !== undefined && input.sort.attr !== target.sort) throw new TypeError(`the sort key of ${where} is ${target.sort ?? 'absent'}, not ${input.sort.attr}`)
  if (input.sort?.op === 'begins_with' && typeof input.sort.value !== 'string') throw new TypeError('begins_with takes a string')
}
