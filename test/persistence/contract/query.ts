// query (each sort condition, both orders, indexes) and scan, with limit and cursor.
import assert from 'node:assert/strict'
import type { KeyValue, SortCondition, Store, StoredItem, TableSpec } from '../../../src/persistence/store.js'
import { allPages, type ContractContext, sortedBy, storeTest } from './harness.js'

/** Sort key values in DynamoDB's order: numbers by value, whatever their form. */
const SEQS: KeyValue[] = [-(2n ** 60n), -5, -1.5, 0, 0.25, 2, 10, 100.125, 2n ** 60n + 1n]
/** Strings in UTF-8 byte order, which differs from JavaScript's UTF-16 order for U+FF21 and the emoji. */
const NAMES = ['B', 'a', 'ab', 'abc', 'b', 'é', '\uff21', '😀']
/** Binary in unsigned bytewise order. */
const TAGS = [[0], [0, 0], [0, 1], [1], [127], [128], [128, 0], [255]].map((b) => new Uint8Array(b))

async function seqsWhere(store: Store, events: TableSpec, sort: SortCondition, order: 'asc' | 'desc' = 'asc'): Promise<KeyValue[]> {
  const page = await store.query(events, { key: { attr: 'stream', value: 's' }, sort: { attr: 'seq', ...sort }, order })
  return page.items.map((i) => i.seq as KeyValue)
}

export function queryTests(context: ContractContext): void {
  storeTest(context, 'query orders numeric sort keys by value and applies =, <, <=, >, >=, between in both orders', async (store, { events }) => {
    await store.batchPut(events, [...SEQS].reverse().map((seq) => ({ stream: 's', seq })))
    await store.put(events, { stream: 'other', seq: 1 })
    const all = await store.query(events, { key: { attr: 'stream', value: 's' } })
    assert.deepEqual(all.items.map((i) => i.seq), SEQS)
    assert.equal(all.cursor, undefined)
    const desc = await store.query(events, { key: { attr: 'stream', value: 's' }, order: 'desc' })
    assert.deepEqual(desc.items.map((i) => i.seq), [...SEQS].reverse())
    assert.deepEqual(await seqsWhere(store, events, { op: '=', value: 2 }), [2])
    assert.deepEqual(await seqsWhere(store, events, { op: '=', value: 2n ** 60n + 1n }), [2n ** 60n + 1n])
    assert.deepEqual(await seqsWhere(store, events, { op: '<', value: 0 }), [-(2n ** 60n), -5, -1.5])
    assert.deepEqual(await seqsWhere(store, events, { op: '<=', value: 0 }), [-(2n ** 60n), -5, -1.5, 0])
    assert.deepEqual(await seqsWhere(store, events, { op: '>', value: 10 }), [100.125, 2n ** 60n + 1n])
    assert.deepEqual(await seqsWhere(store, events, { op: '>=', value: 10n }), [10, 100.125, 2n ** 60n + 1n])
    assert.deepEqual(await seqsWhere(store, events, { op: 'between', value: -1.5, to: 2 }), [-1.5, 0, 0.25, 2])
    assert.deepEqual(await seqsWhere(store, events, { op: 'between', value: -1.5, to: 2 }, 'desc'), [2, 0.25, 0, -1.5])
    assert.deepEqual(await seqsWhere(store, events, { op: '>', value: 3 }, 'desc'), [2n ** 60n + 1n, 100.125, 10])
    assert.deepEqual(await seqsWhere(store, events, { op: '=', value: 3 }), [])
    assert.deepEqual((await store.query(events, { key: { attr: 'stream', value: 'nobody' } })).items, [])
  })

  storeTest(context, 'query orders string sort keys by UTF-8 bytes and binary ones bytewise; begins_with matches prefixes', async (store, { names, blobs }) => {
    await store.batchPut(names, [...NAMES].reverse().map((name) => ({ group: 'g', name })))
    const page = await store.query(names, { key: { attr: 'group', value: 'g' } })
    assert.deepEqual(page.items.map((i) => i.name), NAMES)
    const prefixed = await store.query(names, { key: { attr: 'group', value: 'g' }, sort: { attr: 'name', op: 'begins_with', value: 'ab' } })
    assert.deepEqual(prefixed.items.map((i) => i.name), ['ab', 'abc'])
    const between = await store.query(names, { key: { attr: 'group', value: 'g' }, sort: { attr: 'name', op: 'between', value: 'a', to: 'b' }, order: 'desc' })
    assert.deepEqual(between.items.map((i) => i.name), ['b', 'abc', 'ab', 'a'])
    const above = await store.query(names, { key: { attr: 'group', value: 'g' }, sort: { attr: 'name', op: '>', value: 'é' } })
    assert.deepEqual(above.items.map((i) => i.name), ['\uff21', '😀'])
    await store.batchPut(blobs, [...TAGS].reverse().map((tag) => ({ group: 'g', tag })))
    const bytes = await store.query(blobs, { key: { attr: 'group', value: 'g' } })
    assert.deepEqual(bytes.items.map((i) => i.tag), TAGS)
    const below = await store.query(blobs, { key: { attr: 'group', value: 'g' }, sort: { attr: 'tag', op: '<', value: new Uint8Array([1]) } })
    assert.deepEqual(below.items.map((i) => i.tag), TAGS.slice(0, 3))
  })

  storeTest(context, 'index queries hold only the items that have the index key attributes, ordered by the index sort key', async (store, { things }) => {
    await store.batchPut(things, [
      { id: 'a', owner: 'ann', rank: 3, color: 'red' },
      { id: 'b', owner: 'ann', rank: 1 },
      { id: 'c', owner: 'ann', rank: 2, color: 'blue' },
      { id: 'd', owner: 'ann', color: 'red' },
      { id: 'e', owner: 'bob', rank: 1, color: 'red' },
      { id: 'f', rank: 5, color: 'green' },
    ])
    const byOwner = await store.query(things, { index: 'byOwner', key: { attr: 'owner', value: 'ann' } })
    assert.deepEqual(byOwner.items.map((i) => i.id), ['b', 'c', 'a'], 'd lacks rank, so it is not in byOwner')
    assert.deepEqual(byOwner.items[0], { id: 'b', owner: 'ann', rank: 1 }, 'index queries return whole items')
    const desc = await store.query(things, { index: 'byOwner', key: { attr: 'owner', value: 'ann' }, sort: { attr: 'rank', op: '>=', value: 2 }, order: 'desc' })
    assert.deepEqual(desc.items.map((i) => i.id), ['a', 'c'])
    const red = await store.query(things, { index: 'byColor', key: { attr: 'color', value: 'red' } })
    assert.deepEqual(sortedBy(red.items, 'id').map((i) => i.id), ['a', 'd', 'e'])
    await store.update(things, { id: 'a' }, { set: { owner: 'bob' }, remove: ['color'] })
    await store.delete(things, { id: 'e' })
    const bob = await store.query(things, { index: 'byOwner', key: { attr: 'owner', value: 'bob' } })
    assert.deepEqual(bob.items.map((i) => i.id), ['a'], 'updates and deletes move items in and out of indexes')
    const redNow = await store.query(things, { index: 'byColor', key: { attr: 'color', value: 'red' } })
    assert.deepEqual(redNow.items.map((i) => i.id), ['d'])
    await assert.rejects(store.query(things, { index: 'byShape', key: { attr: 'shape', value: 'x' } }), 'an undeclared index is refused')
    await assert.rejects(store.query(things, { index: 'byOwner', key: { attr: 'color', value: 'x' } }), 'the index partition key must be the one declared')
  })

  storeTest(context, 'query pages through limit and cursor to the end, in both orders, each item once and in order', async (store, { events }) => {
    const seqs = Array.from({ length: 11 }, (_, i) => i * 10)
    await store.batchPut(events, seqs.map((seq) => ({ stream: 's', seq, payload: 'x'.repeat(seq) })))
    for (const order of ['asc', 'desc'] as const) {
      const { items, pages } = await allPages((cursor) => store.query(events, { key: { attr: 'stream', value: 's' }, limit: 3, order, ...(cursor === undefined ? {} : { cursor }) }), 3)
      assert.deepEqual(items.map((i) => i.seq), order === 'asc' ? seqs : [...seqs].reverse())
      assert.ok(pages >= 4 && pages <= 5, `${pages} pages of 3 for 11 items`)
    }
    const first = await store.query(events, { key: { attr: 'stream', value: 's' }, limit: 4, sort: { attr: 'seq', op: '>=', value: 35 } })
    assert.deepEqual(first.items.map((i) => i.seq), [40, 50, 60, 70])
    assert.ok(first.cursor !== undefined)
    const rest = await store.query(events, { key: { attr: 'stream', value: 's' }, limit: 4, sort: { attr: 'seq', op: '>=', value: 35 }, cursor: first.cursor })
    assert.deepEqual(rest.items.map((i) => i.seq), [80, 90, 100], 'the sort condition holds on later pages')
    await assert.rejects(store.query(events, { key: { attr: 'stream', value: 's' }, cursor: 'not a cursor' }), 'a malformed cursor is refused')
  })

  storeTest(context, 'index query pages through ties in the index sort key without losing or repeating an item', async (store, { things }) => {
    const items: StoredItem[] = Array.from({ length: 9 }, (_, i) => ({ id: `item-${i}`, owner: 'o', rank: i % 3 }))
    await store.batchPut(things, items)
    for (const order of ['asc', 'desc'] as const) {
      const { items: got } = await allPages((cursor) => store.query(things, { index: 'byOwner', key: { attr: 'owner', value: 'o' }, limit: 2, order, ...(cursor === undefined ? {} : { cursor }) }), 2)
      assert.deepEqual(sortedBy(got, 'id'), items)
      const ranks = got.map((i) => i.rank as number)
      assert.deepEqual(ranks, [...ranks].sort((a, b) => (order === 'asc' ? a - b : b - a)))
    }
  })

  storeTest(context, 'scan returns every item, and pages through limit and cursor without losing or repeating one', async (store, { events, things }) => {
    const empty = await store.scan(things, {})
    assert.deepEqual(empty.items, [])
    assert.equal(empty.cursor, undefined)
    const items: StoredItem[] = Array.from({ length: 23 }, (_, i) => ({ stream: `s${i % 4}`, seq: i }))
    await store.batchPut(events, items)
    const whole = await store.scan(events, {})
    assert.deepEqual(sortedBy(whole.items, 'seq').length, 23)
    const { items: paged, pages } = await allPages((cursor) => store.scan(events, { limit: 5, ...(cursor === undefined ? {} : { cursor }) }), 5)
    const bySeq = (list: StoredItem[]) => [...list].sort((a, b) => (a.seq as number) - (b.seq as number))
    assert.deepEqual(bySeq(paged), items)
    assert.ok(pages >= 5 && pages <= 6, `${pages} pages of 5 for 23 items`)
    await assert.rejects(store.scan(events, { cursor: '%%%' }), 'a malformed cursor is refused')
  })
}
