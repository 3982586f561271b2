// status, createTables, ping and close.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { StoreUnavailable } from '../../../src/persistence/store.js'
import { type ContractContext, storeTest, tableSpecs } from './harness.js'

export function tableTests(context: ContractContext): void {
  test('createTables creates the missing tables only, and status reports them as existing and matching', { timeout: context.timeout }, async () => {
    const store = await context.makeStore()
    try {
      const { things, events } = tableSpecs(context)
      assert.deepEqual(await store.status([things, events]), [
        { name: things.name, exists: false, problems: [] },
        { name: events.name, exists: false, problems: [] },
      ])
      assert.deepEqual(await store.createTables([things]), [things.name])
      assert.deepEqual(await store.createTables([things, events]), [events.name], 'an existing table is left alone')
      assert.deepEqual(await store.createTables([things, events]), [])
      assert.deepEqual(await store.status([things, events]), [
        { name: things.name, exists: true, problems: [] },
        { name: events.name, exists: true, problems: [] },
      ])
    } finally {
      await store.close()
    }
  })

  storeTest(context, 'status names what differs from the spec: another key, a missing index', async (store, { things, events }) => {
    const [otherKey] = await store.status([{ ...events, sort: 'at', keyTypes: { stream: 'S', at: 'S' } }])
    assert.equal(otherKey?.exists, true)
    assert.ok(otherKey.problems.length > 0, 'a different sort key is a problem')
    const [moreIndexes] = await store.status([{ ...things, indexes: { ...things.indexes, byShape: { key: 'shape' } }, keyTypes: { ...things.keyTypes, shape: 'S' } }])
    assert.equal(moreIndexes?.exists, true)
    assert.ok(moreIndexes.problems.some((p) => p.includes('byShape')), `the missing index is named: ${moreIndexes.problems.join('; ')}`)
  })

  storeTest(context, 'an operation on a table that was never created rejects', async (store, { things }) => {
    const missing = { ...things, name: `${things.name}-missing` }
    await assert.rejects(store.get(missing, { id: 'a' }))
    await assert.rejects(store.put(missing, { id: 'a' }))
    await assert.rejects(store.query(missing, { key: { attr: 'id', value: 'a' } }))
  })

  test('ping resolves on an open store; after close every call rejects with StoreUnavailable', { timeout: context.timeout }, async () => {
    const store = await context.makeStore()
    const { things } = tableSpecs(context)
    await store.createTables([things])
    await store.ping()
    await store.close()
    await assert.rejects(store.ping(), StoreUnavailable)
    await assert.rejects(store.get(things, { id: 'a' }), StoreUnavailable)
    await assert.rejects(store.put(things, { id: 'a' }), StoreUnavailable)
  })
}
