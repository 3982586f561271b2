// DynamoDB's TTL sweep deletes an expired item whenever it likes, also between our reading
// that it is expired and our write replacing it. The replacement must then still succeed
// (absent is what an expired item counted as), while a writer who put a new item in the
// meantime still wins. The proxy plays the sweep: it answers the read with the expired
// item that DynamoDB Local no longer holds.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createDynamoStore } from '../../src/persistence/adapters/dynamodb/index.js'
import type { Store, TableSpec } from '../../src/persistence/store.js'
import { sharedDynamoDbLocal } from '../support/dynamodb-local.js'
import { type Plan, startDynamoProxy } from '../support/dynamodb-proxy.js'

const local = await sharedDynamoDbLocal()
const table: TableSpec = { name: `ttl-race-${Date.now().toString(36)}`, key: 'id', keyTypes: { id: 'S' }, ttl: 'expires_at', indexes: {} }
const past = Math.floor(Date.now() / 1000) - 60
let direct: Store

before(async () => {
  direct = createDynamoStore(local.storeOptions)
  await direct.createTables([table])
})
after(() => direct.close())

async function through<T>(plan: (operation: string) => Plan, work: (store: Store) => Promise<T>): Promise<{ result: T; operations: string[] }> {
  const proxy = await startDynamoProxy(local.endpoint, (x) => plan(x.operation))
  const store = createDynamoStore({ ...local.storeOptions, endpoint: proxy.endpoint })
  try {
    return { result: await work(store), operations: proxy.seen.map((x) => x.operation) }
  } finally {
    await store.close()
    await proxy.close()
  }
}

/** The first UpdateItem fails as it would over an expired item, which is then already swept. */
const sweptAfterUpdate = (id: string) => {
  let first = true
  return (operation: string): Plan => {
    if (operation !== 'UpdateItem' || !first) return undefined
    first = false
    const Item = { id: { S: id }, stale: { BOOL: true }, expires_at: { N: String(past) } }
    return { reply: { status: 400, type: 'ConditionalCheckFailedException', message: 'The conditional request failed', fields: { Item } } }
  }
}

/** The transaction's TTL read sees the expired item, which is swept before the write. */
const sweptAfterRead = (operation: string): Plan => (operation === 'GetItem' ? { answer: { Item: { expires_at: { N: String(past) } } } } : undefined)

test('an update whose expired item is swept before the replacing put still succeeds, from the key alone', async () => {
  const { result, operations } = await through(sweptAfterUpdate('swept'), (store) => store.update(table, { id: 'swept' }, { set: { fresh: 1 }, remove: [] }, { kind: 'absent' }))
  assert.deepEqual(operations, ['UpdateItem', 'PutItem'])
  assert.deepEqual(result, { id: 'swept', fresh: 1 })
  assert.deepEqual(await direct.get(table, { id: 'swept' }), { id: 'swept', fresh: 1 })
})

test("an update whose expired item was replaced by another writer meanwhile fails, leaving that writer's item", async () => {
  await direct.put(table, { id: 'taken', other: true })
  await assert.rejects(
    through(sweptAfterUpdate('taken'), (store) => store.update(table, { id: 'taken' }, { set: { fresh: 1 }, remove: [] }, undefined)),
    { name: 'ConditionFailed' },
  )
  assert.deepEqual(await direct.get(table, { id: 'taken' }), { id: 'taken', other: true })
})

test('a transaction whose expired item is swept between the TTL read and the write still commits', async () => {
  const { operations } = await through(sweptAfterRead, (store) =>
    store.transact([{ kind: 'update', table, key: { id: 'swept-tx' }, update: { set: { fresh: 2 }, remove: [] }, condition: { kind: 'absent' } }]),
  )
  assert.deepEqual(operations, ['GetItem', 'TransactWriteItems'])
  assert.deepEqual(await direct.get(table, { id: 'swept-tx' }), { id: 'swept-tx', fresh: 2 })
})

test('a transaction whose expired item was replaced by another writer meanwhile fails at that element', async () => {
  await direct.put(table, { id: 'taken-tx', other: true })
  await assert.rejects(
    through(sweptAfterRead, (store) =>
      store.transact([
        { kind: 'put', table, item: { id: 'tx-side' } },
        { kind: 'update', table, key: { id: 'taken-tx' }, update: { set: { fresh: 2 }, remove: [] } },
      ]),
    ),
    (e: unknown) => (e as { name?: string }).name === 'ConditionFailed' && (e as { index?: number }).index === 1,
  )
  assert.deepEqual(await direct.get(table, { id: 'taken-tx' }), { id: 'taken-tx', other: true })
  assert.equal(await direct.get(table, { id: 'tx-side' }), undefined)
})
