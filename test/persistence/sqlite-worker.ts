// A child process of sqlite-file.test.ts: increments one counter N times with versioned
// writes on a shared SQLite file, retrying when another process wrote first.
import { createSqliteStore } from '../../src/persistence/adapters/sqlite.js'
import { ConditionFailed, type TableSpec } from '../../src/persistence/store.js'

const [file, table, times, startAt] = process.argv.slice(2) as [string, string, string, string]
const spec: TableSpec = { name: table, key: 'id', keyTypes: { id: 'S' }, indexes: {} }
const store = createSqliteStore({ file, busyTimeoutMs: 20_000 })
// All workers start together, so that their writes interleave instead of following each other's start-up.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())))
for (let i = 0; i < Number(times); i++) {
  for (;;) {
    const current = await store.get(spec, { id: 'counter' })
    const version = current?.version as number | undefined
    try {
      await store.put(spec, { id: 'counter', count: ((current?.count as number) ?? 0) + 1, version: (version ?? 0) + 1 }, { kind: 'version', attr: 'version', value: version })
      break
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
}
await store.close()
