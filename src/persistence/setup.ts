import type { MacaronConfig } from '../config/schema.js'
import { buildModels, namedSubclass, type ClassFor, type ModelsByApi } from '../models/build.js'
import type { ModelClass } from '../models/model.js'
import { bindFunction } from '../pipeline/bind.js'
import type { LoadedApi } from '../spec/types.js'
import { PERSIST, type PersistBinding } from './binding.js'
import { openStore } from './open.js'
import { PersistedModel } from './persisted-model.js'
import { planTables, tablesToWrite } from './plan.js'
import { resolvePersistence, type ResolvedPersistence } from './settings.js'
import type { Store, TableSpec } from './store.js'
import { PersistSpecError, readPersist, tableSpec } from './x-persist.js'

export interface Persistence {
  models: ModelsByApi
  /** Every x-persist table, prefix applied. */
  tables: TableSpec[]
  bindings: PersistBinding[]
  settings: ResolvedPersistence
}

/**
 * Builds the model classes of every API: plain models, persisted models for x-persist
 * schemas (the user's class for the `path#Class` form, bound here to its schema and
 * table). Reads no database; `openPersistence` connects the bindings to a store.
 */
export async function buildPersistence(apis: LoadedApi[], config: MacaronConfig): Promise<Persistence> {
  const settings = resolvePersistence(config)
  const tables: TableSpec[] = []
  const bindings: PersistBinding[] = []
  const problems: string[] = []
  const seenTables = new Map<string, string>()
  const classFor: ClassFor = async (api, name, schema, binding) => {
    let declared
    try {
      declared = readPersist(name, schema, binding.resolve)
    } catch (error) {
      if (error instanceof PersistSpecError) problems.push(...error.problems.map((p) => `${api.file}: ${p}`))
      else throw error
      return undefined
    }
    if (!declared) return undefined
    const table = tableSpec(declared.settings, settings.tablePrefix, schema, binding.resolve)
    const other = seenTables.get(table.name)
    if (other) problems.push(`${api.file}: schema ${name}: table ${declared.settings.table} is already the table of ${other}`)
    seenTables.set(table.name, name)
    let cls: ModelClass
    if (declared.userClass) {
      const found = await bindFunction(declared.userClass, config.dir)
      if (typeof found !== 'function') {
        problems.push(`${api.file}: schema ${name}: x-persist '${declared.userClass}' ${found.replace('exports no function', 'exports no class')}`)
        return undefined
      }
      if (!isPersistedClass(found)) {
        problems.push(`${api.file}: schema ${name}: x-persist '${declared.userClass}' must be a class that extends PersistedModel (import { PersistedModel } from 'macaron')`)
        return undefined
      }
      cls = found as unknown as ModelClass
    } else cls = namedSubclass(PersistedModel as unknown as ModelClass, name)
    const persist: PersistBinding = { settings: declared.settings, table }
    Object.defineProperty(cls, PERSIST, { value: persist, configurable: true, writable: true })
    tables.push(table)
    bindings.push(persist)
    return cls
  }
  const models = await buildModels(apis, classFor)
  if (problems.length > 0) throw new PersistSpecError(problems)
  return { models, tables, bindings, settings }
}

function isPersistedClass(value: unknown): boolean {
  const proto = (value as { prototype?: Record<string, unknown> }).prototype
  return typeof proto?.save === 'function' && typeof (value as { load?: unknown }).load === 'function'
}

export class MissingTablesError extends Error {
  constructor(readonly tables: string[]) {
    super(`missing table(s): ${tables.join(', ')}; create them with \`macaron db create-tables\` (start-up creates them only when persistence.create_tables is true, the default in the dev environment)`)
    this.name = 'MissingTablesError'
  }
}

/**
 * Opens the configured store and connects every persisted model to it. Missing tables are
 * created when `create_tables` allows it (and always on the memory backend, which starts
 * empty by nature); otherwise start-up fails naming them.
 */
export async function openPersistence(p: Persistence, log?: { warn: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void }): Promise<Store> {
  const store = await openStore(p.settings)
  try {
    if (p.tables.length > 0) {
      let status = await store.status(p.tables)
      // The same plan as `macaron db create-tables`: missing tables, and on SQLite (the
      // development store) the indexes declared since a table was made.
      const plan = planTables(p.tables, status, store.backend)
      const mayCreate = p.settings.createTables || store.backend === 'memory'
      if (plan.create.length > 0 && !mayCreate) throw new MissingTablesError(plan.create.map((t) => t.name))
      if (mayCreate && tablesToWrite(plan).length > 0) {
        const created = await store.createTables(tablesToWrite(plan))
        if (created.length > 0) log?.info({ tables: created }, `created ${created.length} table(s)`)
        if (plan.addIndexes.length > 0) status = await store.status(p.tables)
      }
      for (const s of status.filter((s) => s.exists && s.problems.length > 0)) log?.warn({ table: s.name, problems: s.problems }, `table ${s.name} differs from its x-persist declaration`)
    }
  } catch (error) {
    await store.close()
    throw error
  }
  for (const binding of p.bindings) binding.store = store
  return store
}
