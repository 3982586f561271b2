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
}

/** The tables to create: those the store says are missing. Tables that differ are reported, never altered. */
export function planTables(tables: TableSpec[], status: TableStatus[]): Plan {
  const missing = new Set(status.filter((s) => !s.exists).map((s) => s.name))
  return { create: tables.filter((t) => missing.has(t.name)), present: status.filter((s) => s.exists) }
}
