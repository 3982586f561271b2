import { BaseModel, fieldsOf, type ModelConstructor } from '../models/model.js'
import { persistOf, type Bound } from './binding.js'
import { persistenceCall } from './call.js'
import { ItemNotFound } from './errors.js'
import { fromStoredItem, keyFromInput, keyOfItem, keyString, type KeyInput } from './marshal.js'
import { ConditionFailed, type ItemKey, type KeyValue, type SortCondition, type StoredItem } from './store.js'
import { conflictError, planCreate, planDelete, planSave, planUpdate, type WriteKind } from './writes.js'

type PersistedClass = ModelConstructor<PersistedModel>

export interface QueryOptions {
  /** The partition key value (of the table, or of `index`). */
  key: KeyValue
  /** A condition on the sort key: {op: '>=', value}, {op: 'between', value, to}, {op: 'begins_with', value}. */
  sort?: SortCondition
  index?: string
  limit?: number
  /** The `cursor` of the previous page. */
  cursor?: string
  order?: 'asc' | 'desc'
}

export interface ModelPage<M> {
  items: M[]
  /** Present when more items may follow: pass it as `cursor` for the next page. */
  cursor?: string
}

/**
 * A model whose schema has x-persist. Statics read (load, get, exists, query, scan,
 * batchLoad) and create; instances save, update and delete themselves. Every write is
 * validated against the schema first; what is read is converted back to the model's form.
 * A user class named by `x-persist: src/db/profile#PersistentProfile` extends this one.
 */
export class PersistedModel extends BaseModel {
  /** The item with this key; ITEM_NOT_FOUND (404) when there is none. */
  static async load<C extends PersistedClass>(this: C, key: KeyInput, sort?: KeyValue): Promise<InstanceType<C>> {
    return (await getOne(this, 'load', key, sort, true)) as InstanceType<C>
  }

  /** The item with this key, or undefined. */
  static async get<C extends PersistedClass>(this: C, key: KeyInput, sort?: KeyValue): Promise<InstanceType<C> | undefined> {
    return (await getOne(this, 'get', key, sort)) as InstanceType<C> | undefined
  }

  static async exists(this: PersistedClass, key: KeyInput, sort?: KeyValue): Promise<boolean> {
    return (await getOne(this, 'exists', key, sort)) !== undefined
  }

  /** Validates (a plain object through fromJson: defaults filled in) and writes a new item; ITEM_ALREADY_EXISTS (409) when one has its key. Version starts at 1. */
  static async create<C extends PersistedClass>(this: C, fields: object): Promise<InstanceType<C>> {
    const instance = asInstance(this, fields) as InstanceType<C>
    const b = persistOf(this)
    const plan = planCreate(b, instance)
    await persistenceCall(b.model.name, 'create', b.persist.table.name, b.store.backend, () => conditional(b, 'create', keyOfItem(b.persist.table, plan.item), () => b.store.put(b.persist.table, plan.item, plan.condition)))
    Object.assign(instance, plan.after)
    return instance
  }

  static async query<C extends PersistedClass>(this: C, options: QueryOptions): Promise<ModelPage<InstanceType<C>>> {
    const b = persistOf(this)
    const { table } = b.persist
    const index = options.index === undefined ? undefined : table.indexes[options.index]
    if (options.index !== undefined && !index) throw new TypeError(`${b.model.name} has no index ${options.index} (x-persist indexes: ${Object.keys(table.indexes).join(', ') || 'none'})`)
    const keyAttr = index ? index.key : table.key
    const sortAttr = index ? index.sort : table.sort
    if (options.sort && sortAttr === undefined) throw new TypeError(`${b.model.name}: ${options.index ? `index ${options.index}` : 'the table'} has no sort key to put a condition on`)
    const page = await persistenceCall(b.model.name, 'query', table.name, b.store.backend, () =>
      b.store.query(table, {
        ...(options.index !== undefined ? { index: options.index } : {}),
        key: { attr: keyAttr, value: options.key },
        ...(options.sort && sortAttr ? { sort: { attr: sortAttr, ...options.sort } } : {}),
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        ...(options.order ? { order: options.order } : {}),
        ...(options.cursor ? { cursor: options.cursor } : {}),
      }),
    )
    return toPage(this, b, page.items, page.cursor)
  }

  static async scan<C extends PersistedClass>(this: C, options: { limit?: number; cursor?: string } = {}): Promise<ModelPage<InstanceType<C>>> {
    const b = persistOf(this)
    const page = await persistenceCall(b.model.name, 'scan', b.persist.table.name, b.store.backend, () => b.store.scan(b.persist.table, options))
    return toPage(this, b, page.items, page.cursor)
  }

  /** The items with these keys, in the order asked, missing ones left out. */
  static async batchLoad<C extends PersistedClass>(this: C, keys: KeyInput[]): Promise<Array<InstanceType<C>>> {
    const b = persistOf(this)
    const itemKeys = keys.map((k) => keyFromInput(b.model.name, b.persist.table, k))
    const items = await persistenceCall(b.model.name, 'batchLoad', b.persist.table.name, b.store.backend, () => b.store.batchGet(b.persist.table, itemKeys))
    const byKey = new Map(items.map((item) => [keyString(keyOfItem(b.persist.table, item)), item]))
    return itemKeys.flatMap((k) => {
      const item = byKey.get(keyString(k))
      return item ? [instanceOf(this, b, item) as InstanceType<C>] : []
    })
  }

  /** Writes many items unconditionally (a batch cannot carry conditions): versions are bumped, not checked. */
  static async batchSave<C extends PersistedClass>(this: C, items: object[]): Promise<Array<InstanceType<C>>> {
    const b = persistOf(this)
    const instances = items.map((i) => asInstance(this, i) as InstanceType<C>)
    const plans = instances.map((i) => planSave(b, i))
    await persistenceCall(b.model.name, 'batchSave', b.persist.table.name, b.store.backend, () => b.store.batchPut(b.persist.table, plans.map((p) => p.item)))
    instances.forEach((instance, i) => Object.assign(instance, plans[i]!.after))
    return instances
  }

  /** Writes the whole item; with a version attribute, only if nobody saved since it was read (VERSION_CONFLICT 409), and bumps it. */
  async save(): Promise<this> {
    const b = persistOf(this.constructor)
    const plan = planSave(b, this)
    await persistenceCall(b.model.name, 'save', b.persist.table.name, b.store.backend, () => conditional(b, 'save', keyOfItem(b.persist.table, plan.item), () => b.store.put(b.persist.table, plan.item, plan.condition)))
    Object.assign(this, plan.after)
    return this
  }

  /** Writes only the given fields (undefined removes one) to the stored item; ITEM_NOT_FOUND if it is gone, VERSION_CONFLICT if it changed. */
  async update(partial: Record<string, unknown>): Promise<this> {
    const b = persistOf(this.constructor)
    const plan = planUpdate(b, this, partial)
    const item = await persistenceCall(b.model.name, 'update', b.persist.table.name, b.store.backend, () => conditional(b, 'update', plan.key, () => b.store.update(b.persist.table, plan.key, plan.update, plan.condition)))
    for (const name of Object.keys(this)) delete this[name]
    Object.assign(this, fromStoredItem(item, b.model.schema, b.model.resolve))
    return this
  }

  /** Deletes the stored item; ITEM_NOT_FOUND if it is gone, VERSION_CONFLICT if a versioned item changed since it was read. */
  async delete(): Promise<void> {
    const b = persistOf(this.constructor)
    const plan = planDelete(b, this)
    await persistenceCall(b.model.name, 'delete', b.persist.table.name, b.store.backend, () => conditional(b, 'delete', plan.key, () => b.store.delete(b.persist.table, plan.key, plan.condition)))
  }

  /** The item's key, as load() takes it. */
  key(): ItemKey {
    return keyOfItem(persistOf(this.constructor).persist.table, fieldsOf(this))
  }
}

async function getOne(cls: PersistedClass, operation: string, key: KeyInput, sort: KeyValue | undefined, required = false): Promise<PersistedModel | undefined> {
  const b = persistOf(cls)
  const itemKey = keyFromInput(b.model.name, b.persist.table, key, sort)
  // The not-found error is thrown inside the call so that the histogram counts it as not_found.
  const item = await persistenceCall(b.model.name, operation, b.persist.table.name, b.store.backend, async () => {
    const found = await b.store.get(b.persist.table, itemKey)
    if (found === undefined && required) throw new ItemNotFound(`${b.model.name} ${Object.values(itemKey).map(String).join('/')} does not exist`)
    return found
  })
  return item === undefined ? undefined : instanceOf(cls, b, item)
}

/** An instance of `cls` as given, or one built from a plain object by fromJson (defaults filled in, validated). */
function asInstance(cls: PersistedClass, value: object): PersistedModel {
  if (value instanceof cls) return value
  return (cls as unknown as typeof PersistedModel).fromJson(value)
}

function instanceOf(cls: PersistedClass, b: Bound, item: StoredItem): PersistedModel {
  return new cls(fromStoredItem(item, b.model.schema, b.model.resolve))
}

function toPage<M>(cls: PersistedClass, b: Bound, items: StoredItem[], cursor: string | undefined): ModelPage<M> {
  const out = items.map((item) => instanceOf(cls, b, item) as M)
  return cursor === undefined ? { items: out } : { items: out, cursor }
}

async function conditional<T>(b: Bound, kind: WriteKind, key: ItemKey, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof ConditionFailed || (error as Error)?.name === 'ConditionFailed') throw await conflictError(b, kind, key)
    throw error
  }
}
