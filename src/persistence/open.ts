import type { PersistenceBackend } from '../config/persistence.js'
import type { ResolvedPersistence } from './settings.js'
import type { Store } from './store.js'

type Factory = (settings: ResolvedPersistence) => Promise<Store>

// Keyed by the config's own word; each adapter is imported only when chosen, so a service
// on SQLite never loads the AWS SDK, and one on DynamoDB never loads the native module.
// The specifiers are variables so that this file type-checks before every adapter exists.
const ADAPTERS: Record<PersistenceBackend, Factory> = {
  memory: async () => {
    const mod = (await import(adapter('memory.js'))) as { createMemoryStore: () => Store }
    return mod.createMemoryStore()
  },
  sqlite: async (s) => {
    const mod = (await import(adapter('sqlite.js'))) as { createSqliteStore: (o: { file: string }) => Store | Promise<Store> }
    return mod.createSqliteStore({ file: s.sqliteFile })
  },
  dynamodb: async (s) => {
    const mod = (await import(adapter('dynamodb/index.js'))) as Record<string, unknown>
    const factory = (mod.createDynamoStore ?? mod.createDynamoDbStore ?? mod.createDynamoDBStore) as ((o: ResolvedPersistence['dynamodb']) => Store | Promise<Store>) | undefined
    if (!factory) throw new Error('the dynamodb adapter exports no createDynamoStore')
    return factory(s.dynamodb)
  },
}

function adapter(file: string): string {
  return new URL(`./adapters/${file}`, import.meta.url).href
}

/** Opens the configured backend's store. */
export async function openStore(settings: ResolvedPersistence): Promise<Store> {
  const factory = ADAPTERS[settings.backend]
  if (!factory) throw new Error(`persistence.backend ${String(settings.backend)} is not one of ${Object.keys(ADAPTERS).join(', ')}`)
  return factory(settings)
}
