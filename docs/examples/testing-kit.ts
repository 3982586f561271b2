import assert from 'node:assert/strict'
import { createApp } from 'macaron'
import { assertHasPing, assertHasVersion, testClient } from 'macaron/testing'

const app = await createApp({ dir: 'examples/profiles', env: 'test' })
// In-process. testClient('http://localhost:8080'), or testClient() with MACARON_TEST_URL set, talk to a live server.
const api = testClient(app)

await assertHasPing(api)
await assertHasVersion(api, { name: 'profiles' })

const created = (await api.post('/profiles', { json: { name: 'Ada' } })).expectStatus(201).expectJson<{ profile_id: string }>()
const profile = (await api.get(`/profiles/${created.profile_id}`)).expectOk().expectJson<{ name: string }>()
assert.equal(profile.name, 'Ada')

const error = (await api.get('/profiles/nobody')).expectError(404, 'PROFILE_NOT_FOUND')
assert.equal(error.error_description, 'Profile nobody does not exist')
await app.close()
