// What `macaron db create-tables` and dev start-up do to the tables of the x-persist schemas.
import { missingIndex } from './adapters/shared/tables.js'
import type { TableSpec, TableStatus } from './store.js'

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

/** What store.createTables is given to carry a plan out (it creates the missing tables and indexes the others). */
export function tablesToWrite(plan: Plan): TableSpec[] {
  return [...plan.create, ...plan.addIndexes.map((a) => a.table)]
}
