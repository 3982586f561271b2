import { missingIndex } from '../../persistence/adapters/shared/tables.js'
import type { TableSpec, TableStatus } from '../../persistence/store.js'

/** One line per table: its keys with their types, indexes and TTL, as `create-tables` will make it. */
export function describeTable(t: TableSpec, backend: string): string {
  const key = (attr: string) => `${attr} (${t.keyTypes[attr] ?? 'S'})`
  const parts = [`key ${key(t.key)}`]
  if (t.sort) parts.push(`sort ${key(t.sort)}`)
  for (const [name, index] of Object.entries(t.indexes)) parts.push(`index ${name}: ${key(index.key)}${index.sort ? ` + ${key(index.sort)}` : ''}`)
  if (t.ttl) parts.push(`ttl ${t.ttl}`)
  if (backend === 'dynamodb') parts.push('on-demand billing')
  return `${t.name}: ${parts.join('; ')}`
}

export interface Plan {
  create: TableSpec[]
  present: TableStatus[]
  /** Tables that exist without indexes their spec declares, on a backend that adds them (SQLite). */
  addIndexes: Array<{ table: TableSpec; indexes: string[] }>
}

/**
 * The tables to create (those the store says are missing) and, on SQLite, the indexes to
 * add to existing tables (filled from their items). Other differences are reported, never
 * altered; a DynamoDB table never gains an index from Macaron.
 */
export function planTables(tables: TableSpec[], status: TableStatus[], backend: string): Plan {
  const missing = new Set(status.filter((s) => !s.exists).map((s) => s.name))
  const addIndexes = backend !== 'sqlite' ? [] : tables.flatMap((table) => {
    const problems = status.find((s) => s.name === table.name && s.exists)?.problems ?? []
    const indexes = Object.keys(table.indexes).filter((name) => problems.includes(missingIndex(name)))
    return indexes.length > 0 ? [{ table, indexes }] : []
  })
  return { create: tables.filter((t) => missing.has(t.name)), present: status.filter((s) => s.exists), addIndexes }
}
