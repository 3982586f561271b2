// What the DynamoDB backend writes on the wire and reads back: exact number text,
// binary, empty strings, reserved-word attribute names everywhere, cursors over binary and
// big-integer keys, and TTL-expired items treated as absent by updates.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { createDynamoStore } from '../../src/persistence/adapters/dynamodb/index.js'
import type { Store, StoredItem, TableSpec } from '../../src/persistence/store.js'
import { sharedDynamoDbLocal } from '../support/dynamodb-local.js'

const warnings: string[] = []
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`))

const local = await sharedDynamoDbLocal()
const run = Date.now().toString(36)
const plain: TableSpec = { name: `values-${run}-plain`, key: 'id', keyTypes: { id: 'S' }, ttl: 'expires_at', indexes: {} }
// Every key and index attribute is a DynamoDB reserved word.
const reserved: TableSpec = {
  name: `values-${run}-reserved`,
  key: 'name',
  sort: 'size',
  keyTypes: { name: 'S', size: 'N', status: 'S', timestamp: 'N' },
  indexes: { byStatus: { key: 'status', sort: 'timestamp' } },
}
const blobs: TableSpec = { name: `values-${run}-blobs`, key: 'group', sort: 'tag', keyTypes: { group: 'S', tag: 'B' }, indexes: {} }
const numbers: TableSpec = { name: `values-${run}-numbers`, key: 'n', keyTypes: { n: 'N' }, indexes: {} }

let store: Store
let raw: DynamoDBClient
before(async () => {
  store = createDynamoStore(local.storeOptions)
  // Made after the store: the store's client is the first SDK client of this process.
  raw = new DynamoDBClient({ ...local.storeOptions })
  await store.createTables([plain, reserved, blobs, numbers])
})
after(async () => {
  await store.close()
  raw.destroy()
})

test('numbers are written as exact decimal text and read back as number or bigint', async () => {
  await store.put(plain, { id: 'n', big: 2n ** 63n + 7n, float: 0.1, tiny: 1e-7, neg: -2.5, safe: Number.MAX_SAFE_INTEGER })
  const item = (await raw.send(new GetItemCommand({ TableName: plain.name, Key: { id: { S: 'n' } } }))).Item ?? {}
  assert.equal(item.big?.N, '9223372036854775815')
  assert.equal(Number(item.float?.N), 0.1)
  assert.equal(Number(item.tiny?.N), 1e-7)
  assert.equal(item.safe?.N, '9007199254740991')
  await raw.send(new PutItemCommand({ TableName: plain.name, Item: { id: { S: 'r' }, a: { N: '123456789012345678901234567890' }, b: { N: '0.000001' }, c: { N: '1E+30' }, d: { N: '42' } } }))
  assert.deepEqual(await store.get(plain, { id: 'r' }), { id: 'r', a: 123456789012345678901234567890n, b: 0.000001, c: 10n ** 30n, d: 42 })
})

test('binary, empty strings and nested containers are stored as DynamoDB types; undefined is dropped; a Buffer comes back as Uint8Array', async () => {
  const input = { id: 'b', bin: Buffer.from([1, 2, 255]), empty: '', list: [{ deep: new Uint8Array([7]) }], gone: undefined } as unknown as StoredItem
  await store.put(plain, input)
  const item = (await raw.send(new GetItemCommand({ TableName: plain.name, Key: { id: { S: 'b' } } }))).Item ?? {}
  assert.deepEqual(Object.keys(item).sort(), ['bin', 'empty', 'id', 'list'])
  assert.deepEqual(item.empty, { S: '' })
  assert.ok(item.bin?.B instanceof Uint8Array)
  assert.ok(item.list?.L?.[0]?.M?.deep?.B instanceof Uint8Array)
  const got = await store.get(plain, { id: 'b' })
  assert.deepEqual(got, { id: 'b', bin: new Uint8Array([1, 2, 255]), empty: '', list: [{ deep: new Uint8Array([7]) }] })
  assert.ok(!Buffer.isBuffer(got?.bin))
})

test('a number over 38 digits is refused before the call and nothing is written', async () => {
  await assert.rejects(store.put(plain, { id: 'huge', n: 10n ** 38n + 1n }), /38 digits/)
  assert.equal(await store.get(plain, { id: 'huge' }), undefined)
})

test('reserved words as key, sort, index and condition attributes work in every operation', async () => {
  await store.put(reserved, { name: 'a', size: 1, status: 'new', timestamp: 10, count: 1 }, { kind: 'absent' })
  await store.put(reserved, { name: 'a', size: 2, status: 'new', timestamp: 20, count: 1 })
  const updated = await store.update(reserved, { name: 'a', size: 1 }, { set: { count: 2, comment: 'x' }, remove: ['status'] }, { kind: 'version', attr: 'count', value: 1 })
  assert.deepEqual(updated, { name: 'a', size: 1, timestamp: 10, count: 2, comment: 'x' })
  const page = await store.query(reserved, { key: { attr: 'name', value: 'a' }, sort: { attr: 'size', op: 'between', value: 1, to: 2 }, order: 'desc' })
  assert.deepEqual(page.items.map((i) => i.size), [2, 1])
  const byStatus = await store.query(reserved, { index: 'byStatus', key: { attr: 'status', value: 'new' }, sort: { attr: 'timestamp', op: '>=', value: 0 } })
  assert.deepEqual(byStatus.items.map((i) => i.size), [2])
  await store.transact([
    { kind: 'check', table: reserved, key: { name: 'a', size: 1 }, condition: { kind: 'version', attr: 'count', value: 2 } },
    { kind: 'delete', table: reserved, key: { name: 'a', size: 2 }, condition: { kind: 'present' } },
  ])
  assert.equal(await store.get(reserved, { name: 'a', size: 2 }), undefined)
})

test('cursors carry binary sort keys and big-integer partition keys exactly', async () => {
  const tags = [[0], [0, 0], [0, 255], [1], [128], [255, 255]].map((b) => new Uint8Array(b))
  await store.batchPut(blobs, tags.map((tag) => ({ group: 'g', tag })))
  const seen: Uint8Array[] = []
  let cursor: string | undefined
  do {
    const page = await store.query(blobs, { key: { attr: 'group', value: 'g' }, limit: 1, ...(cursor === undefined ? {} : { cursor }) })
    seen.push(...page.items.map((i) => i.tag as Uint8Array))
    cursor = page.cursor
  } while (cursor !== undefined)
  assert.deepEqual(seen, tags)

  const keys = Array.from({ length: 5 }, (_, i) => 2n ** 64n + BigInt(i))
  await store.batchPut(numbers, keys.map((n) => ({ n })))
  const found: bigint[] = []
  cursor = undefined
  do {
    const page = await store.scan(numbers, { limit: 2, ...(cursor === undefined ? {} : { cursor }) })
    found.push(...page.items.map((i) => i.n as bigint))
    cursor = page.cursor
  } while (cursor !== undefined)
  assert.deepEqual(found.sort((a, b) => (a < b ? -1 : 1)), keys)
})

test('a cursor is refused on a query it does not come from', async () => {
  const first = await store.query(blobs, { key: { attr: 'group', value: 'g' }, limit: 1 })
  assert.ok(first.cursor !== undefined)
  await assert.rejects(store.query(reserved, { key: { attr: 'name', value: 'a' }, cursor: first.cursor }), /cursor/)
  await assert.rejects(store.query(reserved, { index: 'byStatus', key: { attr: 'status', value: 'new' }, cursor: first.cursor }), /cursor/)
  const forged = Buffer.from(JSON.stringify({ group: ['S', 'g'], tag: ['N', '1'] })).toString('base64url')
  await assert.rejects(store.query(blobs, { key: { attr: 'group', value: 'g' }, cursor: forged }), /cursor/, 'a key value of the wrong type')
})

test('an update over a TTL-expired item starts from the key alone, as if the item were absent', async () => {
  const past = Math.floor(Date.now() / 1000) - 60
  await store.put(plain, { id: 'old', stale: true, version: 4, expires_at: past })
  const after = await store.update(plain, { id: 'old' }, { set: { fresh: 1 }, remove: [] }, { kind: 'version', attr: 'version', value: undefined })
  assert.deepEqual(after, { id: 'old', fresh: 1 })
  assert.deepEqual(await store.get(plain, { id: 'old' }), { id: 'old', fresh: 1 })
  await store.put(plain, { id: 'old2', version: 4, expires_at: past })
  await assert.rejects(store.update(plain, { id: 'old2' }, { set: { fresh: 1 }, remove: [] }, { kind: 'present' }), { name: 'ConditionFailed' })
  const live = await store.update(plain, { id: 'n' }, { set: { more: 1 }, remove: [] }, { kind: 'present' })
  assert.equal(live.more, 1)
  assert.equal(live.float, 0.1, 'an unexpired item keeps its attributes')
})

test('in a transaction too, an update over an expired item starts from the key alone; a live one keeps its attributes', async () => {
  const past = Math.floor(Date.now() / 1000) - 60
  await store.put(plain, { id: 't-old', stale: true, expires_at: past })
  await store.put(plain, { id: 't-live', kept: true })
  await store.transact([
    { kind: 'update', table: plain, key: { id: 't-old' }, update: { set: { fresh: 1 }, remove: [] }, condition: { kind: 'absent' } },
    { kind: 'update', table: plain, key: { id: 't-live' }, update: { set: { fresh: 2 }, remove: [] }, condition: { kind: 'present' } },
  ])
  assert.deepEqual(await store.get(plain, { id: 't-old' }), { id: 't-old', fresh: 1 })
  assert.deepEqual(await store.get(plain, { id: 't-live' }), { id: 't-live', kept: true, fresh: 2 })
  await store.put(plain, { id: 't-old2', expires_at: past })
  await assert.rejects(
    store.transact([
      { kind: 'put', table: plain, item: { id: 't-new' } },
      { kind: 'update', table: plain, key: { id: 't-old2' }, update: { set: { v: 1 }, remove: [] }, condition: { kind: 'present' } },
    ]),
    (e: unknown) => (e as { name?: string; index?: number }).name === 'ConditionFailed' && (e as { index?: number }).index === 1,
  )
  assert.equal(await store.get(plain, { id: 't-new' }), undefined)
})

test("the AWS SDK's Node-version warning is silenced, and only it", () => {
  assert.equal(warnings.filter((w) => w.includes('NodeVersionSupportWarning')).length, 0, warnings.join('\n'))
  assert.equal(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, 'true')
})
