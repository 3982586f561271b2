import type { TableSpec } from '../../persistence/store.js'

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
