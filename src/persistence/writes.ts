import { fieldsOf, applyPartial, validateFields } from '../models/model.js'
import { propertySchema } from '../models/convert.js'
import type { Bound } from './binding.js'
import { ItemNotFound, VersionConflict, ItemAlreadyExists } from './errors.js'
import { checkSize, keyOfItem, toStoredItem } from './marshal.js'
import type { ItemKey, StoredItem, UpdateInput, WriteCondition } from './store.js'

// Each write is planned first (fields checked, timestamps and version set, item marshalled
// and measured) and sent after, so save(), update(), delete() and transact() share one
// plan and nothing reaches the store unless the whole item is valid and small enough.

export interface PutPlan {
  item: StoredItem
  condition?: WriteCondition
  /** Fields to set on the instance once the write succeeded (version, timestamps). */
  after: Record<string, unknown>
}

export interface UpdatePlan {
  key: ItemKey
  update: UpdateInput
  condition: WriteCondition
  after: Record<string, unknown>
}

function stamp(b: Bound, fields: Record<string, unknown>): Record<string, unknown> {
  const after: Record<string, unknown> = {}
  const { settings } = b.persist
  const { schema, resolve } = b.model
  if (settings.timestamps) {
    const now = new Date()
    for (const name of ['created_at', 'updated_at']) {
      const prop = propertySchema(schema, name, resolve)
      // created_at once, on the first write that finds it unset; updated_at on every write.
      if (!prop || (name === 'created_at' && fields[name] !== undefined)) continue
      const t = prop.type
      const numeric = t === 'integer' || t === 'number' || (Array.isArray(t) && (t.includes('integer') || t.includes('number')))
      after[name] = numeric ? Math.floor(now.getTime() / 1000) : now.toISOString()
    }
  }
  if (settings.version !== undefined) after[settings.version] = currentVersion(b, fields) === undefined ? 1 : currentVersion(b, fields)! + 1
  return after
}

export function currentVersion(b: Bound, fields: Record<string, unknown>): number | undefined {
  const attr = b.persist.settings.version
  if (attr === undefined) return undefined
  const v = fields[attr]
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined
}

function marshal(b: Bound, fields: Record<string, unknown>): StoredItem {
  validateFields(b.model, fields)
  const item = toStoredItem(fields, b.model.schema, b.model.resolve)
  checkSize(b.model.name, item)
  return item
}

/** save(): a put, conditional on the version when one is declared. */
export function planSave(b: Bound, instance: object): PutPlan {
  const fields = fieldsOf(instance)
  const after = stamp(b, fields)
  const item = marshal(b, { ...fields, ...after })
  const attr = b.persist.settings.version
  return attr === undefined ? { item, after } : { item, after, condition: { kind: 'version', attr, value: currentVersion(b, fields) } }
}

/** create(): a put conditional on no item having the key. */
export function planCreate(b: Bound, instance: object): PutPlan {
  const fields = fieldsOf(instance)
  const attr = b.persist.settings.version
  if (attr !== undefined) delete fields[attr]
  const after = stamp(b, fields)
  return { item: marshal(b, { ...fields, ...after }), after, condition: { kind: 'absent' } }
}

/** update(partial): only the given fields are sent (undefined removes one); the whole result is validated first. */
export function planUpdate(b: Bound, instance: object, partial: Record<string, unknown>): UpdatePlan {
  const fields = fieldsOf(instance)
  const { table } = b.persist
  for (const attr of [table.key, table.sort]) {
    if (attr !== undefined && attr in partial && partial[attr] !== fields[attr]) throw new TypeError(`${b.model.name}.update cannot change the key attribute ${attr}`)
  }
  const merged = { ...fields }
  applyPartial(merged, partial)
  const after = stamp(b, merged)
  Object.assign(merged, after)
  marshal(b, merged)
  const changed: Record<string, unknown> = { ...after }
  const remove: string[] = []
  for (const [name, value] of Object.entries(partial)) {
    if (value === undefined) remove.push(name)
    else changed[name] = value
  }
  const set = toStoredItem(changed, b.model.schema, b.model.resolve)
  const attr = b.persist.settings.version
  const condition: WriteCondition = attr === undefined ? { kind: 'present' } : { kind: 'version', attr, value: currentVersion(b, fields) }
  return { key: keyOfItem(table, fields), update: { set, remove }, condition, after }
}

/** delete(): conditional on the item being there (at this version when one is declared). */
export function planDelete(b: Bound, instance: object): { key: ItemKey; condition: WriteCondition } {
  const fields = fieldsOf(instance)
  const attr = b.persist.settings.version
  const version = currentVersion(b, fields)
  const condition: WriteCondition = attr !== undefined && version !== undefined ? { kind: 'version', attr, value: version } : { kind: 'present' }
  return { key: keyOfItem(b.persist.table, fields), condition }
}

export type WriteKind = 'create' | 'save' | 'update' | 'delete' | 'check'

/**
 * The error a failed condition means for this kind of write. Where it is ambiguous (a
 * versioned update: changed, or gone?) one read tells, on the failure path only.
 */
export async function conflictError(b: Bound, kind: WriteKind, key: ItemKey): Promise<Error> {
  const name = b.model.name
  const id = Object.values(key).map(String).join('/')
  if (kind === 'create') return new ItemAlreadyExists(`${name} ${id} already exists`)
  const versioned = b.persist.settings.version !== undefined
  if (kind === 'save' && versioned) return new VersionConflict(`${name} ${id} was saved by someone else since it was read; load it again and retry`)
  if (versioned && (await b.store.get(b.persist.table, key)) !== undefined) {
    return new VersionConflict(`${name} ${id} was saved by someone else since it was read; load it again and retry`)
  }
  return new ItemNotFound(`${name} ${id} does not exist`)
}
