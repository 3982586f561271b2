// An index declared in x-persist after its table was made: on SQLite (the development
// store) createTables adds it and fills it from the items already stored, as DynamoDB
// backfills a new global secondary index, so adding an index to a spec and restarting is
// all a developer does.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { createSqliteStore } from '../../src/persistence/adapters/sqlite.js'
import type { TableSpec } from '../../src/persistence/store.js'

const before: TableSpec = { name: 'orders', key: 'id', keyTypes: { id: 'S', customer: 'S', placed: 'N' }, indexes: {} }
const after: TableSpec = { ...before, indexes: { byCustomer: { key: 'customer', sort: 'placed' } } }

test('createTables adds a newly declared index to an existing table and fills it from the stored items', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'macaron-sqlite-ix-')), 'data.db')
  const first = createSqliteStore({ file })
  await first.createTables([before])
  await first.put(before, { id: 'o1', customer: 'ada', placed: 3 })
  await first.put(before, { id: 'o2', customer: 'ada', placed: 1 })
  await first.put(before, { id: 'o3', customer: 'bob', placed: 2 })
  await first.put(before, { id: 'o4', note: 'no customer: stays out of the index' })
  await first.put(before, { id: 'o5', customer: 'ada', placed: 'yesterday' })
  assert.deepEqual((await first.status([after]))[0]!.problems, ['index byCustomer is missing'])
  await first.close()

  const second = createSqliteStore({ file })
  assert.deepEqual(await second.createTables([after]), [], 'no table is created')
  assert.deepEqual((await second.status([after]))[0]!.problems, [])
  const ada = await second.query(after, { index: 'byCustomer', key: { attr: 'customer', value: 'ada' } })
  assert.deepEqual(ada.items.map((i) => i.id), ['o2', 'o1'], 'stored items, in sort-key order; a mistyped sort key stays out, as on DynamoDB')
  await second.put(after, { id: 'o6', customer: 'ada', placed: 2 })
  assert.deepEqual((await second.query(after, { index: 'byCustomer', key: { attr: 'customer', value: 'ada' } })).items.map((i) => i.id), ['o2', 'o6', 'o1'])
  assert.deepEqual(await second.createTables([after]), [], 'running it again changes nothing')
  await second.close()

  const third = createSqliteStore({ file })
  assert.deepEqual((await third.query(after, { index: 'byCustomer', key: { attr: 'customer', value: 'bob' } })).items, [{ id: 'o3', customer: 'bob', placed: 2 }])
  await third.close()
})

test('in development, a restart after adding an index to x-persist serves queries on it', async () => {
  const { writeProject } = await import('../../docs/examples/project.js')
  const { createApp, getModel } = await import('../../src/index.js')
  const spec = (indexes: string) => `openapi: 3.1.0
info: { title: shop, version: '1' }
paths: {}
components:
  schemas:
    Order:
      type: object
      x-persist: { table: orders, key: id${indexes} }
      properties: { id: { type: string }, customer: { type: string }, placed: { type: integer } }
`
  const file = join(mkdtempSync(join(tmpdir(), 'macaron-sqlite-ix-app-')), 'dev.db')
  const options = { env: 'dev', logger: false as const, overrides: { persistence: { sqlite: { file } } } }
  const first = await createApp({ ...options, dir: writeProject('shop', spec('')) })
  const Order = getModel('Order', 'shop')
  for (const [id, customer, placed] of [['o1', 'ada', 2], ['o2', 'ada', 1], ['o3', 'bob', 1]] as const) await Order.create({ id, customer, placed })
  await first.close()
  const second = await createApp({ ...options, dir: writeProject('shop', spec(', indexes: { byCustomer: { key: customer, sort: placed } }')) })
  try {
    const page = await getModel('Order', 'shop').query({ index: 'byCustomer', key: 'ada' })
    assert.deepEqual(page.items.map((o) => (o as unknown as { id: string }).id), ['o2', 'o1'])
  } finally {
    await second.close()
  }
})
