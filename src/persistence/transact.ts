import type { PersistedModel } from './persisted-model.js'
import { persistOf, type Bound } from './binding.js'
import { persistenceCall } from './call.js'
import { TransactionConflict } from './errors.js'
import { keyOfItem, keyString } from './marshal.js'
import { ConditionFailed, type ItemKey, type TransactOp } from './store.js'
import { conflictError, currentVersion, planCreate, planDelete, planSave, planUpdate, type WriteKind } from './writes.js'
import { fieldsOf } from '../models/model.js'

/** One write of a transaction: the instance, and what to do with it. */
export type TransactWrite =
  | { create: PersistedModel }
  | { save: PersistedModel }
  | { update: PersistedModel; set: Record<string, unknown> }
  | { delete: PersistedModel }
  /** Writes nothing; fails the transaction unless the item is still there (at its version when versioned). */
  | { check: PersistedModel }

export const MAX_TRANSACT = 100

interface Planned {
  kind: WriteKind
  bound: Bound
  instance: PersistedModel
  key: ItemKey
  op: TransactOp
  after: Record<string, unknown>
}

/**
 * All or nothing, across models of one store: at most 100 writes, no two on the same item.
 * Each write is validated and planned as its single form would be; a failed condition
 * gives the error that write alone would have given (ITEM_ALREADY_EXISTS, VERSION_CONFLICT,
 * ITEM_NOT_FOUND), or TRANSACTION_CONFLICT when the backend cannot say which write failed.
 */
export async function transact(writes: TransactWrite[]): Promise<void> {
  if (writes.length === 0) return
  if (writes.length > MAX_TRANSACT) throw new RangeError(`transact takes at most ${MAX_TRANSACT} writes, got ${writes.length}`)
  const planned = writes.map(plan)
  const store = planned[0]!.bound.store
  const seen = new Set<string>()
  for (const p of planned) {
    if (p.bound.store !== store) throw new Error('transact: every model must use the same store')
    const id = `${p.op.table.name}|${keyString(p.key)}`
    if (seen.has(id)) throw new Error(`transact: two writes on the same item (${p.bound.model.name} ${Object.values(p.key).map(String).join('/')})`)
    seen.add(id)
  }
  const names = [...new Set(planned.map((p) => p.bound.model.name))].join(',')
  await persistenceCall(names, 'transact', planned[0]!.op.table.name, store.backend, async () => {
    try {
      await store.transact(planned.map((p) => p.op))
    } catch (error) {
      if (!(error instanceof ConditionFailed || (error as Error)?.name === 'ConditionFailed')) throw error
      const failed = planned[(error as ConditionFailed).index ?? -1]
      if (!failed) throw new TransactionConflict('A condition of the transaction did not hold; nothing was written', { cause: error })
      throw await conflictError(failed.bound, failed.kind, failed.key)
    }
  })
  for (const p of planned) Object.assign(p.instance, p.after)
}

function plan(write: TransactWrite): Planned {
  if ('create' in write) {
    const bound = persistOf(write.create.constructor)
    const p = planCreate(bound, write.create)
    const key = keyOfItem(bound.persist.table, p.item)
    return { kind: 'create', bound, instance: write.create, key, after: p.after, op: { kind: 'put', table: bound.persist.table, item: p.item, ...(p.condition ? { condition: p.condition } : {}) } }
  }
  if ('save' in write) {
    const bound = persistOf(write.save.constructor)
    const p = planSave(bound, write.save)
    const key = keyOfItem(bound.persist.table, p.item)
    return { kind: 'save', bound, instance: write.save, key, after: p.after, op: { kind: 'put', table: bound.persist.table, item: p.item, ...(p.condition ? { condition: p.condition } : {}) } }
  }
  if ('update' in write) {
    const bound = persistOf(write.update.constructor)
    const p = planUpdate(bound, write.update, write.set)
    const after = { ...write.set, ...p.after }
    return { kind: 'update', bound, instance: write.update, key: p.key, after, op: { kind: 'update', table: bound.persist.table, key: p.key, update: p.update, condition: p.condition } }
  }
  if ('delete' in write) {
    const bound = persistOf(write.delete.constructor)
    const p = planDelete(bound, write.delete)
    return { kind: 'delete', bound, instance: write.delete, key: p.key, after: {}, op: { kind: 'delete', table: bound.persist.table, key: p.key, condition: p.condition } }
  }
  const bound = persistOf(write.check.constructor)
  const fields = fieldsOf(write.check)
  const key = keyOfItem(bound.persist.table, fields)
  const attr = bound.persist.settings.version
  const version = currentVersion(bound, fields)
  const condition = attr !== undefined && version !== undefined ? ({ kind: 'version', attr, value: version } as const) : ({ kind: 'present' } as const)
  return { kind: 'check', bound, instance: write.check, key, after: {}, op: { kind: 'check', table: bound.persist.table, key, condition } }
}
