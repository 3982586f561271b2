// Batches on DynamoDB beyond one request: chunks of 25 writes and 100 reads, and the
// unprocessed remainder (which DynamoDB Local never produces, so a proxy injects it) sent
// again with backoff until done, or StoreUnavailable after the bounded attempts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createDynamoStore } from '../../src/persistence/adapters/dynamodb/index.js'
import { backoff } from '../../src/persistence/adapters/dynamodb/batch.js'
import { StoreUnavailable, type StoredItem, type TableSpec } from '../../src/persistence/store.js'
import { sharedDynamoDbLocal } from '../support/dynamodb-local.js'
import { type Exchange, startDynamoProxy } from '../support/dynamodb-proxy.js'

const local = await sharedDynamoDbLocal()
let n = 0
const freshTable = (): TableSpec => ({ name: `batch-${Date.now().toString(36)}-${++n}`, key: 'id', keyTypes: { id: 'S' }, indexes: {} })
const items = (count: number): StoredItem[] => Array.from({ length: count }, (_, i) => ({ id: `item-${String(i).padStart(3, '0')}`, n: i }))
const byId = (list: StoredItem[]) => [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)))

type Requests = Record<string, unknown[]>
const requestItems = (x: Exchange) => Object.values(x.body.RequestItems as Requests)[0] ?? []
const requestKeys = (x: Exchange) => (Object.values(x.body.RequestItems as Record<string, { Keys: unknown[] }>)[0]?.Keys ?? []) as unknown[]

async function withProxy(plan: Parameters<typeof startDynamoProxy>[1], body: (store: ReturnType<typeof createDynamoStore>, table: TableSpec, seen: Exchange[]) => Promise<void>, options = {}) {
  const table = freshTable()
  const proxy = await startDynamoProxy(local.endpoint, plan)
  const store = createDynamoStore({ ...local.storeOptions, endpoint: proxy.endpoint, batchBaseDelay: 5, ...options })
  try {
    await store.createTables([table])
    await body(store, table, proxy.seen)
  } finally {
    await store.close()
    await proxy.close()
  }
}

test('batchPut of 130 items sends 6 requests of at most 25; batchGet of 150 keys sends 2 of at most 100', async () => {
  await withProxy(
    () => undefined,
    async (store, table, seen) => {
      await store.batchPut(table, items(130))
      const writes = seen.filter((x) => x.operation === 'BatchWriteItem').map((x) => requestItems(x).length)
      assert.deepEqual([...writes].sort((a, b) => b - a), [25, 25, 25, 25, 25, 5])
      const got = await store.batchGet(table, Array.from({ length: 150 }, (_, i) => ({ id: `item-${String(i).padStart(3, '0')}` })))
      assert.deepEqual(byId(got), items(130))
      const reads = seen.filter((x) => x.operation === 'BatchGetItem').map((x) => requestKeys(x).length)
      assert.deepEqual([...reads].sort((a, b) => b - a), [100, 50])
    },
  )
})

test('unprocessed writes are sent again until every item is stored', async () => {
  let cuts = 0
  await withProxy(
    (x) => {
      if (x.operation !== 'BatchWriteItem' || cuts >= 6) return undefined
      // DynamoDB processed the first half; the rest comes back as UnprocessedItems.
      cuts++
      const [[name, all]] = Object.entries(x.body.RequestItems as Requests) as [[string, unknown[]]]
      const half = Math.ceil(all.length / 2)
      return { forward: { ...x.body, RequestItems: { [name]: all.slice(0, half) } }, rewrite: (answer) => ({ ...answer, UnprocessedItems: all.length > half ? { [name]: all.slice(half) } : {} }) }
    },
    async (store, table, seen) => {
      await store.batchPut(table, items(60))
      assert.ok(seen.filter((x) => x.operation === 'BatchWriteItem').length > 3, 'more requests than the 3 chunks: the remainders were resent')
      assert.deepEqual(byId(await store.batchGet(table, items(60).map((i) => ({ id: i.id as string })))), items(60))
    },
  )
})

test('unprocessed reads are asked for again until every item is returned', async () => {
  let cuts = 0
  await withProxy(
    (x) => {
      if (x.operation !== 'BatchGetItem' || cuts >= 4) return undefined
      cuts++
      const [[name, request]] = Object.entries(x.body.RequestItems as Record<string, { Keys: unknown[] }>) as [[string, { Keys: unknown[] }]]
      const half = Math.ceil(request.Keys.length / 2)
      return {
        forward: { ...x.body, RequestItems: { [name]: { ...request, Keys: request.Keys.slice(0, half) } } },
        rewrite: (answer) => ({ ...answer, UnprocessedKeys: request.Keys.length > half ? { [name]: { ...request, Keys: request.Keys.slice(half) } } : {} }),
      }
    },
    async (store, table, seen) => {
      await store.batchPut(table, items(120))
      const got = await store.batchGet(table, items(120).map((i) => ({ id: i.id as string })))
      assert.deepEqual(byId(got), items(120))
      assert.ok(seen.filter((x) => x.operation === 'BatchGetItem').length > 2, 'the unprocessed keys were asked for again')
    },
  )
})

test('a batch that stays unprocessed fails with StoreUnavailable after the bounded attempts', async () => {
  await withProxy(
    (x) => (x.operation === 'BatchWriteItem' ? { answer: { UnprocessedItems: x.body.RequestItems as Requests } } : undefined),
    async (store, table, seen) => {
      const start = performance.now()
      await assert.rejects(store.batchPut(table, items(10)), (e: unknown) => e instanceof StoreUnavailable && /after 4 attempts/.test(e.message))
      assert.equal(seen.filter((x) => x.operation === 'BatchWriteItem').length, 4)
      assert.ok(performance.now() - start < 2000)
    },
    { batchAttempts: 4 },
  )
})

test('a batch naming one key twice keeps the last item (DynamoDB refuses duplicates in one request)', async () => {
  await withProxy(
    () => undefined,
    async (store, table) => {
      await store.batchPut(table, [{ id: 'a', v: 1 }, { id: 'b' }, { id: 'a', v: 2 }])
      assert.deepEqual(await store.get(table, { id: 'a' }), { id: 'a', v: 2 })
      assert.deepEqual(byId(await store.batchGet(table, [{ id: 'a' }, { id: 'a' }, { id: 'b' }])), [{ id: 'a', v: 2 }, { id: 'b' }])
    },
  )
})

test('a bad item anywhere in a batch is refused before any request, so nothing is written', async () => {
  await withProxy(
    () => undefined,
    async (store, table, seen) => {
      await assert.rejects(store.batchPut(table, [...items(40), { id: 7 }]))
      assert.equal(seen.filter((x) => x.operation === 'BatchWriteItem').length, 0)
    },
  )
})

test('backoff delays are jittered within an exponentially growing, capped bound', () => {
  const policy = { attempts: 8, baseDelay: 50, maxDelay: 2000 }
  for (let attempt = 0; attempt < 8; attempt++) {
    const bound = Math.min(2000, 50 * 2 ** attempt)
    const delays = Array.from({ length: 200 }, () => backoff(attempt, policy))
    assert.ok(delays.every((d) => d >= 0 && d <= bound), `attempt ${attempt} within ${bound}`)
    assert.ok(Math.max(...delays) > bound / 2, 'the jitter spreads over the bound')
  }
})
