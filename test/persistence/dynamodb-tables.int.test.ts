// Tables on DynamoDB: what createTables asks for (on-demand billing, GSIs projecting ALL,
// TTL on), status noticing a TTL that is off, and two processes creating one table at once.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createDynamoStore } from '../../src/persistence/adapters/dynamodb/index.js'
import type { TableSpec } from '../../src/persistence/store.js'
import { sharedDynamoDbLocal } from '../support/dynamodb-local.js'
import { startDynamoProxy } from '../support/dynamodb-proxy.js'

const local = await sharedDynamoDbLocal()
const run = Date.now().toString(36)

test('createTables makes on-demand tables with GSIs projecting ALL and TTL enabled on the ttl attribute', async () => {
  const spec: TableSpec = { name: `tables-${run}-a`, key: 'id', sort: 'at', keyTypes: { id: 'S', at: 'N', owner: 'S' }, ttl: 'expires', indexes: { byOwner: { key: 'owner', sort: 'at' } } }
  const store = createDynamoStore(local.storeOptions)
  const raw = new DynamoDBClient(local.storeOptions)
  try {
    assert.deepEqual(await store.createTables([spec]), [spec.name])
    const table = (await raw.send(new DescribeTableCommand({ TableName: spec.name }))).Table
    assert.equal(table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST')
    assert.deepEqual(table?.KeySchema, [
      { AttributeName: 'id', KeyType: 'HASH' },
      { AttributeName: 'at', KeyType: 'RANGE' },
    ])
    const gsi = table?.GlobalSecondaryIndexes?.[0]
    assert.equal(gsi?.IndexName, 'byOwner')
    assert.equal(gsi?.Projection?.ProjectionType, 'ALL')
    const ttl = (await raw.send(new DescribeTimeToLiveCommand({ TableName: spec.name }))).TimeToLiveDescription
    assert.equal(ttl?.AttributeName, 'expires')
    assert.equal(ttl?.TimeToLiveStatus, 'ENABLED')
    assert.deepEqual(await store.status([spec]), [{ name: spec.name, exists: true, problems: [] }])
  } finally {
    raw.destroy()
    await store.close()
  }
})

test('status reports a table whose TTL is not on, and an index with another key', async () => {
  const spec: TableSpec = { name: `tables-${run}-b`, key: 'id', keyTypes: { id: 'S', owner: 'S', rank: 'N' }, indexes: { byOwner: { key: 'owner' } } }
  const store = createDynamoStore(local.storeOptions)
  try {
    await store.createTables([spec])
    const [status] = await store.status([{ ...spec, ttl: 'expires', indexes: { byOwner: { key: 'owner', sort: 'rank' } } }])
    assert.equal(status?.exists, true)
    assert.ok(status.problems.some((p) => p.includes('ttl')), status.problems.join('; '))
    assert.ok(status.problems.some((p) => p.includes('byOwner')), status.problems.join('; '))
  } finally {
    await store.close()
  }
})

test('two stores creating the same tables at once: each table is created once and neither fails', async () => {
  const specs: TableSpec[] = ['x', 'y', 'z'].map((t) => ({ name: `tables-${run}-race-${t}`, key: 'id', keyTypes: { id: 'S' }, indexes: {} }))
  const stores = [createDynamoStore(local.storeOptions), createDynamoStore(local.storeOptions)]
  try {
    const created = await Promise.all(stores.map((s) => s.createTables(specs)))
    assert.deepEqual(created.flat().sort(), specs.map((s) => s.name).sort())
  } finally {
    await Promise.all(stores.map((s) => s.close()))
  }
})

test('ping lists tables until the store knows one of its tables, then describes that table (what table-scoped IAM allows)', async () => {
  const spec: TableSpec = { name: `tables-${run}-ping`, key: 'id', keyTypes: { id: 'S' }, indexes: {} }
  const proxy = await startDynamoProxy(local.endpoint, () => undefined)
  const store = createDynamoStore({ ...local.storeOptions, endpoint: proxy.endpoint })
  try {
    await store.ping()
    await store.createTables([spec])
    proxy.seen.length = 0
    await store.ping()
    assert.deepEqual(proxy.seen.map((x) => [x.operation, x.body.TableName]), [['DescribeTable', spec.name]])
  } finally {
    await store.close()
    await proxy.close()
  }
})
