// Values round-trip exactly; items past their TTL are absent to every read.
import assert from 'node:assert/strict'
import type { StoredItem } from '../../../src/persistence/store.js'
import { type ContractContext, rejectsWithConditionFailed, sortedBy, storeTest } from './harness.js'

/**
 * Every kind of stored value, at the edges DynamoDB accepts (numbers within its 38 digits
 * and 1e-130..1e126). No integer-valued double beyond 2^53 (like 1e23): DynamoDB returns
 * the same digits for it as for a bigint, so it comes back as a bigint.
 */
export const ROUND_TRIP: StoredItem = {
  id: 'values',
  big: 2n ** 63n + 7n,
  huge: 12345678901234567890123456789012345678n,
  negative_big: -(2n ** 60n) - 3n,
  safe: Number.MAX_SAFE_INTEGER,
  zero: 0,
  floats: [0.1, 0.30000000000000004, -2.5, 1e-7, 6.02214076e-23, 1.5e-100, 1234.5678, 3.141592653589793],
  empty: '',
  unicode: 'café ☕ 日本語 😀 \u00a0 Ω',
  control: 'line\nbreak\ttab "quotes" \\ back',
  flags: [true, false],
  nothing: null,
  binary: new Uint8Array([0, 1, 2, 127, 128, 254, 255]),
  empty_binary: new Uint8Array([]),
  nested: { a: { b: { c: [1, [2, [3, { d: 'deep', e: [] }]]] } }, empty_object: {}, list: [] },
  mixed_list: ['s', 1, 2n ** 70n, null, false, new Uint8Array([9]), { k: 'v' }],
  'attribute with spaces': 'ok',
  'dots.and-dashes': 'ok',
}

export function valueAndTtlTests(context: ContractContext): void {
  storeTest(context, 'values round-trip exactly: bigint beyond 2^53, floats, binary, nested objects and arrays, empty strings, unicode', async (store, { things }) => {
    await store.put(things, ROUND_TRIP)
    const got = await store.get(things, { id: 'values' })
    assert.deepEqual(got, ROUND_TRIP)
    assert.ok(got?.binary instanceof Uint8Array && !Buffer.isBuffer(got.binary), 'binary comes back as a plain Uint8Array')
    assert.equal(typeof got.big, 'bigint')
    assert.deepEqual((await store.query(things, { key: { attr: 'id', value: 'values' } })).items, [ROUND_TRIP])
    assert.deepEqual(await store.batchGet(things, [{ id: 'values' }]), [ROUND_TRIP])
    const updated = await store.update(things, { id: 'values' }, { set: { more: { bin: new Uint8Array([1]), n: 2n ** 55n + 1n, f: 0.5 } }, remove: [] })
    assert.deepEqual(updated, { ...ROUND_TRIP, more: { bin: new Uint8Array([1]), n: 2n ** 55n + 1n, f: 0.5 } })
  })

  storeTest(context, 'items whose TTL attribute is past are absent to get, query, index query, scan and batchGet', async (store, { things }) => {
    const now = Math.floor(Date.now() / 1000)
    await store.batchPut(things, [
      { id: 'expired', owner: 'o', rank: 1, color: 'red', expires_at: now - 60 },
      { id: 'fresh', owner: 'o', rank: 2, color: 'red', expires_at: now + 3600 },
      { id: 'forever', owner: 'o', rank: 3, color: 'red' },
      { id: 'not-a-number', owner: 'o', rank: 4, color: 'red', expires_at: 'yesterday' },
    ])
    await store.put(things, { id: 'expired-put', expires_at: now - 1 })
    const visible = ['forever', 'fresh', 'not-a-number']
    assert.equal(await store.get(things, { id: 'expired' }), undefined)
    assert.equal(await store.get(things, { id: 'expired-put' }), undefined)
    assert.equal((await store.get(things, { id: 'fresh' }))?.id, 'fresh')
    assert.deepEqual((await store.query(things, { key: { attr: 'id', value: 'expired' } })).items, [])
    const byOwner = await store.query(things, { index: 'byOwner', key: { attr: 'owner', value: 'o' } })
    assert.deepEqual(byOwner.items.map((i) => i.id), ['fresh', 'forever', 'not-a-number'])
    const byColor = await store.query(things, { index: 'byColor', key: { attr: 'color', value: 'red' } })
    assert.deepEqual(sortedBy(byColor.items, 'id').map((i) => i.id), visible)
    assert.deepEqual(sortedBy((await store.scan(things, {})).items, 'id').map((i) => i.id), visible)
    const batch = await store.batchGet(things, [{ id: 'expired' }, { id: 'fresh' }, { id: 'expired-put' }])
    assert.deepEqual(batch.map((i) => i.id), ['fresh'])
  })

  storeTest(context, 'an expired item is absent to write conditions too: create over it succeeds, present fails', async (store, { things }) => {
    const past = Math.floor(Date.now() / 1000) - 60
    await store.put(things, { id: 'a', v: 'old', expires_at: past })
    await rejectsWithConditionFailed(store.put(things, { id: 'a', v: 'x' }, { kind: 'present' }))
    await store.put(things, { id: 'a', v: 'new' }, { kind: 'absent' })
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', v: 'new' })
  })
}
