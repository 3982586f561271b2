import { bindingOf, type ModelBinding } from '../models/model.js'
import type { Store, TableSpec } from './store.js'
import type { PersistSettings } from './x-persist.js'

/** What a persisted model class knows of its table; set on the class at start-up. */
export const PERSIST = Symbol.for('macaron.persist.binding')

export interface PersistBinding {
  settings: PersistSettings
  table: TableSpec
  /** The app's store, set once it is open. */
  store?: Store
}

export interface Bound {
  model: ModelBinding
  persist: PersistBinding
  store: Store
}

export function persistOf(cls: unknown): Bound {
  const model = bindingOf(cls)
  const persist = (cls as { [PERSIST]?: PersistBinding })[PERSIST]
  if (!persist) throw new Error(`${model.name} has no x-persist in its schema: it cannot be loaded or saved`)
  if (!persist.store) throw new Error(`${model.name}: the persistence store is not open (createApp opens it)`)
  return { model, persist, store: persist.store }
}
