// batchGet and batchPut beyond one DynamoDB request; transact all or nothing.
import assert from 'node:assert/strict'
import type { StoredItem, TransactOp } from '../../../src/persistence/store.js'
import { type ContractContext, rejectsWithConditionFailed, sortedBy, storeTest } from './harness.js'

const pad = (i: number) => String(i).padStart(3, '0')

export function batchAndTransactTests(context: ContractContext): void {
  storeTest(context, 'batchPut stores more than 25 items and batchGet reads more than 100 keys, leaving missing ones out', async (store, { things, events }) => {
    const items: StoredItem[] = Array.from({ length: 130 }, (_, i) => ({ id: `item-${pad(i)}`, n: i, owner: 'o', rank: i }))
    await store.batchPut(things, items)
    assert.deepEqual(await store.get(things, { id: 'item-129' }), items[129])
    const keys = Array.from({ length: 150 }, (_, i) => ({ id: `item-${pad(i)}` }))
    const got = await store.batchGet(things, keys)
    assert.equal(got.length, 130)
    assert.deepEqual(sortedBy(got, 'id'), items)
    assert.deepEqual(await store.batchGet(things, []), [])
    await store.batchPut(things, [])
    const composite = Array.from({ length: 40 }, (_, i) => ({ stream: 's', seq: i }))
    await store.batchPut(events, composite)
    const some = await store.batchGet(events, [{ stream: 's', seq: 3 }, { stream: 's', seq: 99 }, { stream: 't', seq: 3 }])
    assert.deepEqual(some, [{ stream: 's', seq: 3 }])
  })

  storeTest(context, 'batchPut replaces existing items whole', async (store, { things }) => {
    await store.put(things, { id: 'a', old: true })
    await store.batchPut(things, [{ id: 'a', new: true }])
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', new: true })
  })

  storeTest(context, 'transact applies put, update, delete and check across tables together', async (store, { things, events }) => {
    await store.put(things, { id: 'keep', version: 1 })
    await store.put(things, { id: 'gone' })
    await store.put(events, { stream: 's', seq: 1, count: 1 })
    await store.transact([
      { kind: 'put', table: things, item: { id: 'new', v: 1 }, condition: { kind: 'absent' } },
      { kind: 'update', table: events, key: { stream: 's', seq: 1 }, update: { set: { count: 2 }, remove: [] }, condition: { kind: 'present' } },
      { kind: 'delete', table: things, key: { id: 'gone' } },
      { kind: 'check', table: things, key: { id: 'keep' }, condition: { kind: 'version', attr: 'version', value: 1 } },
    ])
    assert.deepEqual(await store.get(things, { id: 'new' }), { id: 'new', v: 1 })
    assert.deepEqual(await store.get(events, { stream: 's', seq: 1 }), { stream: 's', seq: 1, count: 2 })
    assert.equal(await store.get(things, { id: 'gone' }), undefined)
    assert.deepEqual(await store.get(things, { id: 'keep' }), { id: 'keep', version: 1 }, 'a check writes nothing')
  })

  storeTest(context, 'transact is all or nothing: one failed condition rejects with its index and no operation applies', async (store, { things, events }) => {
    await store.put(things, { id: 'a', version: 1 })
    await store.put(events, { stream: 's', seq: 1, count: 1 })
    const ops: TransactOp[] = [
      { kind: 'put', table: things, item: { id: 'b' }, condition: { kind: 'absent' } },
      { kind: 'update', table: events, key: { stream: 's', seq: 1 }, update: { set: { count: 2 }, remove: [] } },
      { kind: 'put', table: things, item: { id: 'a', version: 2 }, condition: { kind: 'version', attr: 'version', value: 7 } },
      { kind: 'delete', table: things, key: { id: 'c' } },
    ]
    await rejectsWithConditionFailed(store.transact(ops), 2)
    assert.equal(await store.get(things, { id: 'b' }), undefined)
    assert.deepEqual(await store.get(events, { stream: 's', seq: 1 }), { stream: 's', seq: 1, count: 1 })
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', version: 1 })
    await rejectsWithConditionFailed(store.transact([{ kind: 'check', table: things, key: { id: 'zzz' }, condition: { kind: 'present' } }, ops[0] as TransactOp]), 0)
    assert.equal(await store.get(things, { id: 'b' }), undefined)
  })

  storeTest(context, 'transact refuses more than 100 operations and two operations on one item, writing nothing', async (store, { things }) => {
    const puts: TransactOp[] = Array.from({ length: 101 }, (_, i) => ({ kind: 'put', table: things, item: { id: `t-${i}` } }))
    await assert.rejects(store.transact(puts), (e: unknown) => e instanceof Error && e.name !== 'ConditionFailed')
    assert.deepEqual((await store.scan(things, {})).items, [])
    await store.transact(puts.slice(0, 100))
    assert.equal((await store.scan(things, {})).items.length, 100, 'exactly 100 operations are allowed')
    await assert.rejects(
      store.transact([
        { kind: 'put', table: things, item: { id: 'x' } },
        { kind: 'delete', table: things, key: { id: 'x' } },
      ]),
      (e: unknown) => e instanceof Error && e.name !== 'ConditionFailed',
    )
    assert.equal(await store.get(things, { id: 'x' }), undefined)
  })
}
