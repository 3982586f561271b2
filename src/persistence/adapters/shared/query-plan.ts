// A query checked against its table and turned into encoded bounds (see key-codec.ts),
// which the memory backend compares as strings and the SQLite backend binds as BLOBs.
import type { QueryInput, TableSpec } from '../../store.js'
import { decodeCursor } from './cursor.js'
import { encodeAttr } from './items.js'
import { encodePrefix } from './key-codec.js'

export type EncodedSort = { op: '=' | '<' | '<=' | '>' | '>='; a: string } | { op: 'between'; a: string; b: string } | { op: 'begins_with'; a: string }

export interface QueryPlan {
  index?: string
  pk: string
  sort?: EncodedSort
  limit?: number
  desc: boolean
  /** Position of the last item of the previous page: [sk] on the table, [index sk, pk, sk] on an index. */
  after?: string[]
}

export function checkLimit(limit: number | undefined): number | undefined {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new RangeError(`limit must be a positive integer, got ${limit}`)
  return limit
}

export function planQuery(table: TableSpec, input: QueryInput): QueryPlan {
  const target = input.index === undefined ? { key: table.key, sort: table.sort } : table.indexes[input.index]
  if (target === undefined) throw new TypeError(`table ${table.name} has no index ${input.index}`)
  const where = input.index === undefined ? `table ${table.name}` : `index ${input.index} of table ${table.name}`
  if (input.key.attr !== target.key) throw new TypeError(`the partition key of ${where} is ${target.key}, not ${input.key.attr}`)
  const plan: QueryPlan = { pk: encodeAttr(table, target.key, input.key.value), desc: input.order === 'desc' }
  if (input.index !== undefined) plan.index = input.index
  if (input.sort !== undefined) {
    const { attr } = input.sort
    if (attr !== target.sort) throw new TypeError(`the sort key of ${where} is ${target.sort ?? 'absent'}, not ${attr}`)
    const s = input.sort
    if (s.op === 'begins_with') {
      if (typeof s.value !== 'string') throw new TypeError('begins_with takes a string')
      plan.sort = { op: 'begins_with', a: encodePrefix(s.value) }
    } else if (s.op === 'between') {
      plan.sort = { op: 'between', a: encodeAttr(table, attr, s.value), b: encodeAttr(table, attr, s.to) }
      if (plan.sort.a > plan.sort.b) throw new RangeError('between: the lower bound is above the upper bound')
    } else {
      plan.sort = { op: s.op, a: encodeAttr(table, attr, s.value) }
    }
  }
  const limit = checkLimit(input.limit)
  if (limit !== undefined) plan.limit = limit
  if (input.cursor !== undefined) plan.after = decodeCursor(input.cursor, input.index === undefined ? 1 : 3)
  return plan
}

export function sortMatches(sort: EncodedSort | undefined, sk: string): boolean {
  if (sort === undefined) return true
  switch (sort.op) {
    case '=':
      return sk === sort.a
    case '<':
      return sk < sort.a
    case '<=':
      return sk <= sort.a
    case '>':
      return sk > sort.a
    case '>=':
      return sk >= sort.a
    case 'between':
      return sk >= sort.a && sk <= sort.b
    case 'begins_with':
      return sk.startsWith(sort.a)
  }
}

/** The smallest string above every string that starts with prefix, or undefined when there is none (prefix of 0xff chars). */
export function prefixEnd(prefix: string): string | undefined {
  let end = prefix
  while (end.length > 0 && end.charCodeAt(end.length - 1) === 0xff) end = end.slice(0, -1)
  if (end.length === 0) return undefined
  return end.slice(0, -1) + String.fromCharCode(end.charCodeAt(end.length - 1) + 1)
}
