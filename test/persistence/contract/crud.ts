// get, put, update and delete, with every WriteCondition kind; a failed condition changes nothing.
import assert from 'node:assert/strict'
import { type ContractContext, rejectsWithConditionFailed, storeTest } from './harness.js'

export function crudTests(context: ContractContext): void {
  storeTest(context, 'put then get returns the item; get of a missing key is undefined; put replaces the whole item', async (store, { things, events }) => {
    assert.equal(await store.get(things, { id: 'a' }), undefined)
    await store.put(things, { id: 'a', colour: 'red', size: 3 })
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', colour: 'red', size: 3 })
    await store.put(things, { id: 'a', shape: 'round' })
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', shape: 'round' }, 'attributes absent from the new item are gone')
    await store.put(events, { stream: 's', seq: 1, v: 'one' })
    await store.put(events, { stream: 's', seq: 2, v: 'two' })
    assert.deepEqual(await store.get(events, { stream: 's', seq: 2 }), { stream: 's', seq: 2, v: 'two' })
    assert.equal(await store.get(events, { stream: 's', seq: 3 }), undefined)
  })

  storeTest(context, 'a caller cannot change a stored item through the objects it passed in or got back', async (store, { things }) => {
    const item = { id: 'a', tags: ['x'], meta: { n: 1 } }
    await store.put(things, item)
    item.tags.push('y')
    item.meta.n = 2
    const got = await store.get(things, { id: 'a' })
    assert.deepEqual(got, { id: 'a', tags: ['x'], meta: { n: 1 } })
    ;(got?.tags as string[]).push('z')
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', tags: ['x'], meta: { n: 1 } })
  })

  storeTest(context, 'numeric partition keys are one key whatever their form (1, 1.0 and 1n), and floats are keys too', async (store, { numbers }) => {
    await store.put(numbers, { n: 1, v: 'one' })
    assert.deepEqual(await store.get(numbers, { n: 1n }), { n: 1, v: 'one' })
    await store.put(numbers, { n: 2.5, v: 'two and a half' })
    assert.deepEqual(await store.get(numbers, { n: 2.5 }), { n: 2.5, v: 'two and a half' })
    const big = 2n ** 64n + 1n
    await store.put(numbers, { n: big, v: 'big' })
    assert.deepEqual(await store.get(numbers, { n: big }), { n: big, v: 'big' })
    assert.equal(await store.get(numbers, { n: 2n ** 64n }), undefined, 'a neighbour of a big key is another key')
  })

  storeTest(context, 'writes with a missing or mistyped key attribute reject and store nothing', async (store, { things, events }) => {
    await assert.rejects(store.put(things, { colour: 'red' }))
    await assert.rejects(store.put(things, { id: 42 }))
    await assert.rejects(store.put(events, { stream: 's', seq: 'one' }))
    await assert.rejects(store.put(events, { stream: 's' }))
    await assert.rejects(store.put(things, { id: 'b', owner: 'o', rank: 'first' }), 'an index key attribute of the wrong type is refused too')
    assert.deepEqual((await store.scan(things, {})).items, [])
    assert.deepEqual((await store.scan(events, {})).items, [])
  })

  storeTest(context, 'put with condition absent creates, and fails without change when the item exists', async (store, { things }) => {
    await store.put(things, { id: 'a', v: 1 }, { kind: 'absent' })
    await rejectsWithConditionFailed(store.put(things, { id: 'a', v: 2 }, { kind: 'absent' }))
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', v: 1 })
  })

  storeTest(context, 'put with condition present replaces, and fails without creating when the item is absent', async (store, { things }) => {
    await rejectsWithConditionFailed(store.put(things, { id: 'a', v: 1 }, { kind: 'present' }))
    assert.equal(await store.get(things, { id: 'a' }), undefined)
    await store.put(things, { id: 'a', v: 1 })
    await store.put(things, { id: 'a', v: 2 }, { kind: 'present' })
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', v: 2 })
  })

  storeTest(context, 'put with a version condition: equal value passes, another value or an absent item fails without change', async (store, { things }) => {
    await rejectsWithConditionFailed(store.put(things, { id: 'a', version: 1 }, { kind: 'version', attr: 'version', value: 0 }))
    assert.equal(await store.get(things, { id: 'a' }), undefined, 'a version condition on an absent item fails')
    await store.put(things, { id: 'a', version: 1 }, { kind: 'version', attr: 'version', value: undefined })
    await rejectsWithConditionFailed(store.put(things, { id: 'a', version: 2 }, { kind: 'version', attr: 'version', value: undefined }))
    await rejectsWithConditionFailed(store.put(things, { id: 'a', version: 2 }, { kind: 'version', attr: 'version', value: 2 }))
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', version: 1 })
    await store.put(things, { id: 'a', version: 2, v: 'x' }, { kind: 'version', attr: 'version', value: 1 })
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', version: 2, v: 'x' })
    await store.put(things, { id: 'b', v: 1 })
    await store.put(things, { id: 'b', version: 1 }, { kind: 'version', attr: 'version', value: undefined })
    assert.deepEqual(await store.get(things, { id: 'b' }), { id: 'b', version: 1 }, 'value undefined passes on an item without the attribute')
  })

  storeTest(context, 'update sets and removes top-level attributes, creates an absent item, and returns the whole item after', async (store, { things, events }) => {
    await store.put(things, { id: 'a', name: 'x', status: 'new', size: 1, extra: true })
    const after = await store.update(things, { id: 'a' }, { set: { status: 'done', size: 2, nested: { list: [1, 'two'] } }, remove: ['extra', 'not_there'] })
    const expected = { id: 'a', name: 'x', status: 'done', size: 2, nested: { list: [1, 'two'] } }
    assert.deepEqual(after, expected, 'attribute names that are DynamoDB reserved words (name, status, size) work')
    assert.deepEqual(await store.get(things, { id: 'a' }), expected)
    assert.deepEqual(await store.update(things, { id: 'new' }, { set: { v: 1 }, remove: [] }), { id: 'new', v: 1 })
    assert.deepEqual(await store.update(events, { stream: 's', seq: 7 }, { set: { v: 'seven' }, remove: [] }), { stream: 's', seq: 7, v: 'seven' })
    await assert.rejects(store.update(things, { id: 'a' }, { set: { id: 'b' }, remove: [] }), 'a key attribute cannot be updated')
    assert.deepEqual(await store.get(things, { id: 'a' }), expected)
  })

  storeTest(context, 'update with each condition kind: failures change and create nothing', async (store, { things }) => {
    await rejectsWithConditionFailed(store.update(things, { id: 'a' }, { set: { v: 1 }, remove: [] }, { kind: 'present' }))
    assert.equal(await store.get(things, { id: 'a' }), undefined)
    await store.update(things, { id: 'a' }, { set: { v: 1, version: 1 }, remove: [] }, { kind: 'absent' })
    await rejectsWithConditionFailed(store.update(things, { id: 'a' }, { set: { v: 2 }, remove: [] }, { kind: 'absent' }))
    await rejectsWithConditionFailed(store.update(things, { id: 'a' }, { set: { v: 2, version: 2 }, remove: [] }, { kind: 'version', attr: 'version', value: 5 }))
    await rejectsWithConditionFailed(store.update(things, { id: 'a' }, { set: { v: 2 }, remove: ['version'] }, { kind: 'version', attr: 'version', value: undefined }))
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', v: 1, version: 1 })
    const after = await store.update(things, { id: 'a' }, { set: { v: 2, version: 2 }, remove: [] }, { kind: 'version', attr: 'version', value: 1 })
    assert.deepEqual(after, { id: 'a', v: 2, version: 2 })
    assert.deepEqual(await store.update(things, { id: 'a' }, { set: { v: 3 }, remove: [] }, { kind: 'present' }), { id: 'a', v: 3, version: 2 })
  })

  storeTest(context, 'delete removes the item; without a condition a missing item is no error; conditions guard it', async (store, { things }) => {
    await store.delete(things, { id: 'missing' })
    await rejectsWithConditionFailed(store.delete(things, { id: 'missing' }, { kind: 'present' }))
    await store.put(things, { id: 'a', version: 3 })
    await rejectsWithConditionFailed(store.delete(things, { id: 'a' }, { kind: 'absent' }))
    await rejectsWithConditionFailed(store.delete(things, { id: 'a' }, { kind: 'version', attr: 'version', value: 2 }))
    assert.deepEqual(await store.get(things, { id: 'a' }), { id: 'a', version: 3 })
    await store.delete(things, { id: 'a' }, { kind: 'version', attr: 'version', value: 3 })
    assert.equal(await store.get(things, { id: 'a' }), undefined)
    await store.put(things, { id: 'b' })
    await store.delete(things, { id: 'b' }, { kind: 'present' })
    assert.equal(await store.get(things, { id: 'b' }), undefined)
  })
}
