import assert from 'node:assert/strict'
import { createApp, getModel, isApiError, transact } from 'macaron'
import { PersistentProfile } from './src/db/profile.js'

const app = await createApp({ dir: new URL('.', import.meta.url).pathname })
const Message = getModel('Message', 'chat')

// #region write
// create: a new item, ITEM_ALREADY_EXISTS (409) when the key is taken; version starts at 1.
const ada = await PersistentProfile.create({ profile_id: 'ada', name: 'Ada' })
assert.equal(ada.version, 1)

// save: the whole item, only if nobody saved since we read it (else VERSION_CONFLICT 409).
ada.view_count += 1
await ada.save()
assert.equal(ada.version, 2)

// update: only these fields are written (undefined removes one); validated first.
await ada.update({ name: 'Ada Lovelace' })
// #endregion write

// #region read
const profile = await PersistentProfile.getProfile('ada') // ITEM_NOT_FOUND (404) if absent
assert.equal(profile.name, 'Ada Lovelace')
assert.equal(await PersistentProfile.get('nobody'), undefined)
assert.equal(await PersistentProfile.profileExists('ada'), true)
// #endregion read

// #region conflict
const stale = await PersistentProfile.load('ada')
await (await PersistentProfile.load('ada')).addView() // someone else saves first
stale.name = 'Lost'
await assert.rejects(stale.save(), (e) => isApiError(e) && e.code === 'VERSION_CONFLICT' && e.status === 409)
// #endregion conflict

// #region query
for (const [i, author] of ['ada', 'bob', 'ada'].entries()) {
  await Message.create({ room: 'general', sent_at: `2026-01-01T10:0${i}:00.000Z`, author, text: `hello ${i}` })
}
// Newest first, two at a time: pass `cursor` back for the next page.
const page = await Message.query({ key: 'general', order: 'desc', limit: 2 })
assert.deepEqual(page.items.map((m) => m.text), ['hello 2', 'hello 1'])
const rest = await Message.query({ key: 'general', order: 'desc', limit: 2, cursor: page.cursor! })
assert.deepEqual(rest.items.map((m) => m.text), ['hello 0'])
// A sort condition, on a secondary index.
const byAda = await Message.query({ index: 'byAuthor', key: 'ada', sort: { op: '>=', value: '2026-01-01T10:01:00.000Z' } })
assert.deepEqual(byAda.items.map((m) => m.text), ['hello 2'])
// #endregion query

// #region batch
await PersistentProfile.batchSave([{ profile_id: 'bob', name: 'Bob' }, { profile_id: 'cy', name: 'Cy' }])
const found = await PersistentProfile.batchLoad(['cy', 'nobody', 'bob']) // in the order asked, missing left out
assert.deepEqual(found.map((p) => p.name), ['Cy', 'Bob'])
// #endregion batch

// #region transact
// All or nothing, across models: at most 100 writes, none twice on one item.
const bob = await PersistentProfile.load('bob')
await transact([
  { update: bob, set: { name: 'Robert' } },
  { create: Message.fromJson({ room: 'general', sent_at: '2026-01-01T11:00:00.000Z', author: 'bob', text: 'I am Robert now' }) },
  { delete: await PersistentProfile.load('cy') },
])
assert.equal((await PersistentProfile.load('bob')).name, 'Robert')
assert.equal(await PersistentProfile.profileExists('cy'), false)
// #endregion transact

// #region delete
await (await PersistentProfile.load('ada')).delete()
await assert.rejects(PersistentProfile.load('ada'), (e) => isApiError(e) && e.code === 'ITEM_NOT_FOUND' && e.status === 404)
// #endregion delete

// #region marshal
const withAvatar = await PersistentProfile.create({ profile_id: 'eve', name: 'Eve', avatar: Buffer.from([1, 2, 3]).toString('base64') })
assert.ok(Buffer.isBuffer((await PersistentProfile.load('eve')).avatar)) // format byte: a Buffer in the model, binary in the store
assert.equal(withAvatar.toJson().avatar, 'AQID') // base64 again in JSON
// #endregion marshal

await app.close()
