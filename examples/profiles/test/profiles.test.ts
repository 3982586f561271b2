import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createApp, type MacaronApp } from 'macaron'
import { testClient } from 'macaron/testing'

const dir = new URL('..', import.meta.url).pathname
let app: MacaronApp
let api: ReturnType<typeof testClient>

before(async () => {
  app = await createApp({ dir, env: 'test' })
  api = testClient(app)
})
after(() => app.close())

interface Profile {
  profile_id: string
  name: string
  tags?: string[]
  view_count: number
  version: number
  created_at: string
  updated_at: string
}

test('create, get (counts views), update, delete a persisted profile', async () => {
  const created = (await api.post('/profiles', { json: { name: 'Ada', tags: ['math'] } })).expectStatus(201).expectJson<Profile>()
  assert.equal(created.version, 1)
  assert.equal(created.view_count, 0)
  assert.match(created.created_at, /^\d{4}-/)
  const seen = (await api.get(`/profiles/${created.profile_id}`)).expectOk().expectJson<Profile>()
  assert.equal(seen.view_count, 1)
  assert.equal(seen.version, 2)
  const updated = (await api.patch(`/profiles/${created.profile_id}`, { json: { name: 'Ada L.' } })).expectOk().expectJson<Profile>()
  assert.equal(updated.name, 'Ada L.')
  assert.deepEqual(updated.tags, ['math'])
  assert.equal(updated.version, 3)
  assert.equal((await app.models.Profile!.load(created.profile_id)).name, 'Ada L.')
  ;(await api.delete(`/profiles/${created.profile_id}`)).expectStatus(204)
  ;(await api.get(`/profiles/${created.profile_id}`)).expectError(404, 'PROFILE_NOT_FOUND')
  ;(await api.delete(`/profiles/${created.profile_id}`)).expectError(404, 'PROFILE_NOT_FOUND')
})

test('a profile the spec refuses is never stored', async () => {
  ;(await api.post('/profiles', { json: { name: '' } })).expectError(400, 'INVALID_PARAMETER')
  ;(await api.post('/profiles', { json: { name: 'x', view_count: 5 } })).expectError(400, 'INVALID_PARAMETER')
})

test('list pages through every profile with next_cursor', async () => {
  for (let i = 0; i < 7; i++) (await api.post('/profiles', { json: { name: `p${i}`, tags: i % 2 ? ['odd'] : [] } })).expectStatus(201)
  const names: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = (await api.get(`/profiles?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).expectOk().expectJson<{ items: Profile[]; next_cursor?: string }>()
    assert.ok(page.items.length <= 3)
    names.push(...page.items.map((p) => p.name))
    cursor = page.next_cursor
    pages++
  } while (cursor && pages < 10)
  assert.deepEqual(names.filter((n) => /^p\d$/.test(n)).sort(), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'])
  assert.ok(pages >= 3)
  const odd = (await api.get('/profiles?limit=100&tags=odd')).expectOk().expectJson<{ items: Profile[] }>()
  assert.deepEqual(odd.items.map((p) => p.name).sort(), ['p1', 'p3', 'p5'])
})
