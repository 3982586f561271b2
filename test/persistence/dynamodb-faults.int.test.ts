// Faults on DynamoDB: an endpoint that refuses or never answers fails fast with
// StoreUnavailable; throttling and 5xx answers are retried by the SDK with backoff, and
// when they persist the call fails with StoreUnavailable having written nothing.
import assert from 'node:assert/strict'
import { createServer, type Socket } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { createDynamoStore } from '../../src/persistence/adapters/dynamodb/index.js'
import { StoreUnavailable, type Store, type TableSpec } from '../../src/persistence/store.js'
import { freePort, sharedDynamoDbLocal } from '../support/dynamodb-local.js'
import { startDynamoProxy } from '../support/dynamodb-proxy.js'

const local = await sharedDynamoDbLocal()
const credentials = local.storeOptions.credentials
const table: TableSpec = { name: `faults-${Date.now().toString(36)}`, key: 'id', keyTypes: { id: 'S' }, indexes: {} }

async function timed(work: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now()
  try {
    await work
  } catch (error) {
    return { error, ms: performance.now() - start }
  }
  assert.fail('the call succeeded against a broken endpoint')
}

describe('DynamoDB faults', () => {
  let direct: Store
  before(async () => {
    direct = createDynamoStore(local.storeOptions)
    await direct.createTables([table])
  })
  after(() => direct.close())

  test('a closed port fails with StoreUnavailable within seconds, naming the endpoint, with the default settings', async () => {
    const port = await freePort()
    const store = createDynamoStore({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials })
    try {
      for (const call of [() => store.get(table, { id: 'a' }), () => store.put(table, { id: 'a' }), () => store.ping()]) {
        const { error, ms } = await timed(call())
        assert.ok(error instanceof StoreUnavailable, `got ${String(error)}`)
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`))
        assert.ok(ms < 5000, `took ${Math.round(ms)} ms`)
      }
    } finally {
      await store.close()
    }
  })

  test('a server that accepts and never answers fails with StoreUnavailable after the request timeout on each attempt, no hang', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    const store = createDynamoStore({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, requestTimeout: 300, maxAttempts: 2 })
    try {
      const { error, ms } = await timed(store.get(table, { id: 'a' }))
      assert.ok(error instanceof StoreUnavailable, `got ${String(error)}`)
      assert.ok(ms >= 550 && ms < 4000, `2 attempts of 300 ms took ${Math.round(ms)} ms`)
      assert.equal(sockets.length, 2, 'each attempt opened a connection')
    } finally {
      await store.close()
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })

  test('throttling answers are retried by the SDK and the write then succeeds once', async () => {
    let throttled = 0
    const proxy = await startDynamoProxy(local.endpoint, (x) => (x.operation === 'PutItem' && throttled++ < 2 ? { reply: { status: 400, type: 'ThrottlingException' } } : undefined))
    const store = createDynamoStore({ ...local.storeOptions, endpoint: proxy.endpoint })
    try {
      await store.put(table, { id: 'throttled', v: 1 })
      assert.deepEqual(proxy.seen.map((x) => x.operation), ['PutItem', 'PutItem', 'PutItem'])
      assert.deepEqual(await direct.get(table, { id: 'throttled' }), { id: 'throttled', v: 1 })
    } finally {
      await store.close()
      await proxy.close()
    }
  })

  for (const [status, type] of [
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable'],
    [400, 'ProvisionedThroughputExceededException'],
  ] as const) {
    test(`${status} ${type} on every attempt: StoreUnavailable after maxAttempts, nothing written`, async () => {
      const proxy = await startDynamoProxy(local.endpoint, () => ({ reply: { status, type } }))
      const store = createDynamoStore({ ...local.storeOptions, endpoint: proxy.endpoint, maxAttempts: 3 })
      try {
        const { error, ms } = await timed(store.put(table, { id: `never-${status}` }))
        assert.ok(error instanceof StoreUnavailable, `got ${String(error)}`)
        assert.match(error.message, /after 3 attempt/)
        assert.equal(proxy.seen.length, 3)
        assert.ok(ms < 10_000, `took ${Math.round(ms)} ms`)
        assert.equal(await direct.get(table, { id: `never-${status}` }), undefined)
      } finally {
        await store.close()
        await proxy.close()
      }
    })
  }

  test('refused credentials are StoreUnavailable at once (no retry): the service cannot use its database', async () => {
    const proxy = await startDynamoProxy(local.endpoint, () => ({ reply: { status: 400, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } }))
    const store = createDynamoStore({ ...local.storeOptions, endpoint: proxy.endpoint })
    try {
      const { error } = await timed(store.get(table, { id: 'a' }))
      assert.ok(error instanceof StoreUnavailable, `got ${String(error)}`)
      assert.match(error.message, /security token/)
      assert.equal(proxy.seen.length, 1)
    } finally {
      await store.close()
      await proxy.close()
    }
  })

  test('a transaction cancelled for throttling is StoreUnavailable, not a condition failure', async () => {
    const proxy = await startDynamoProxy(local.endpoint, () => ({
      reply: { status: 400, type: 'TransactionCanceledException', message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]' },
    }))
    const store = createDynamoStore({ ...local.storeOptions, endpoint: proxy.endpoint })
    try {
      const ops = [
        { kind: 'put' as const, table, item: { id: 't1' } },
        { kind: 'put' as const, table, item: { id: 't2' } },
      ]
      const { error } = await timed(store.transact(ops))
      assert.ok(error instanceof StoreUnavailable, `got ${String(error)}`)
    } finally {
      await store.close()
      await proxy.close()
    }
  })
})
