import { resolve } from 'node:path'
import { loadConfig } from '../../config/load.js'
import { openStore } from '../../persistence/open.js'
import { buildPersistence } from '../../persistence/setup.js'
import type { Store } from '../../persistence/store.js'
import { loadApis } from '../../spec/index.js'
import { describeStartupError } from '../startup-error.js'
import { planTables, tablesToWrite } from '../../persistence/plan.js'
import { describeTable } from './plan.js'

export interface DbOptions {
  env?: string
  dryRun?: boolean
}

const out = (line: string) => process.stdout.write(line + '\n')

/** Connects to the configured store with the tables of every x-persist schema, runs `work`, closes. */
async function withTables(dir: string, options: DbOptions, work: (store: Store, tables: Awaited<ReturnType<typeof buildPersistence>>['tables']) => Promise<number>): Promise<number> {
  try {
    const config = loadConfig(dir, options.env ? { env: options.env } : {})
    const persistence = await buildPersistence(await loadApis(resolve(config.dir, config.apis)), config)
    if (persistence.tables.length === 0) {
      out('no schema has x-persist: no tables')
      return 0
    }
    const store = await openStore(persistence.settings)
    try {
      out(`backend ${store.backend}, table prefix '${persistence.settings.tablePrefix}'`)
      return await work(store, persistence.tables)
    } finally {
      await store.close()
    }
  } catch (error) {
    out(error instanceof Error && ['PersistSpecError', 'StoreUnavailable'].includes(error.name) ? `macaron: ${error.message}` : describeStartupError(error))
    return 1
  }
}

/** `macaron db create-tables [--dry-run]`: prints the plan (tables missing, with keys, indexes, TTL), then creates them unless --dry-run. */
export function createTablesCommand(dir: string, options: DbOptions): Promise<number> {
  return withTables(dir, options, async (store, tables) => {
    const plan = planTables(tables, await store.status(tables), store.backend)
    for (const s of plan.present) out(`exists ${s.name}${s.problems.length ? ` (differs: ${s.problems.join('; ')})` : ''}`)
    for (const t of plan.create) out(`${options.dryRun ? 'would create' : 'create'} ${describeTable(t, store.backend)}`)
    for (const a of plan.addIndexes) out(`${options.dryRun ? 'would add' : 'add'} to ${a.table.name}: index ${a.indexes.join(', index ')}, filled from its items`)
    if (plan.create.length === 0 && plan.addIndexes.length === 0) {
      out('nothing to create')
      return 0
    }
    if (options.dryRun) {
      out(`dry run: ${plan.create.length} table(s) to create${plan.addIndexes.length > 0 ? `, ${plan.addIndexes.length} to index` : ''}, nothing changed`)
      return 0
    }
    const created = await store.createTables(tablesToWrite(plan))
    out(`created ${created.length} table(s)${plan.addIndexes.length > 0 ? `, indexed ${plan.addIndexes.length}` : ''}`)
    return 0
  })
}

/** `macaron db status`: every x-persist table, whether it exists and matches; exit 1 when one is missing or differs. */
export function statusCommand(dir: string, options: DbOptions): Promise<number> {
  return withTables(dir, options, async (store, tables) => {
    const status = await store.status(tables)
    let bad = 0
    for (const s of status) {
      const state = !s.exists ? 'missing' : s.problems.length > 0 ? `differs: ${s.problems.join('; ')}` : 'ok'
      if (state !== 'ok') bad++
      out(`${s.name}: ${state}`)
    }
    out(`${status.length} table(s), ${bad} missing or different`)
    return bad > 0 ? 1 : 0
  })
}
