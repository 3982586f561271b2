import type { MacaronConfig } from '../config/schema.js'
import { flatModels, type ModelsByApi } from '../models/build.js'
import type { Readiness } from '../observability/readiness.js'
import type { LoadedApi } from '../spec/types.js'
import type { PersistedModel } from './persisted-model.js'
import { buildPersistence, openPersistence } from './setup.js'
import type { Store } from './store.js'

/**
 * A model class as `app.models` gives it. Typed as a persisted model so that handlers and
 * tests reach load/save without casts; a schema without x-persist throws a clear error
 * on those calls.
 */
export type AppModel = typeof PersistedModel

export interface AttachedPersistence {
  /** Every schema's model class by name (a name two APIs share: see byApi). */
  models: Record<string, AppModel>
  byApi: ModelsByApi
  /** The open store; undefined when no schema has x-persist (no database is opened then). */
  store: Store | undefined
  close(): Promise<void>
}

/** What createApp does for models and persistence: build the classes, open the store, add the /ready check. */
export async function attachPersistence(apis: LoadedApi[], config: MacaronConfig, readiness: Readiness, log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void }): Promise<AttachedPersistence> {
  const persistence = await buildPersistence(apis, config)
  const store = persistence.tables.length > 0 ? await openPersistence(persistence, log) : undefined
  if (store) readiness.add('persistence', () => store.ping())
  return {
    models: flatModels(persistence.models) as unknown as Record<string, AppModel>,
    byApi: persistence.models,
    store,
    close: async () => store?.close(),
  }
}
