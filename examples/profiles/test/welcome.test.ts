import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createApp, type MacaronApp } from 'macaron'
import { testClient } from 'macaron/testing'
import { outbox } from '../src/tasks/welcome.js'

const dir = new URL('..', import.meta.url).pathname
let app: MacaronApp

before(async () => {
  app = await createApp({ dir, env: 'test' })
})
after(() => app.close())

test('creating a profile sends a welcome task after the response, with the profile as a model and the request id', async () => {
  const res = await testClient(app).post('/profiles', { json: { name: 'Grace' } })
  const created = res.expectStatus(201).expectJson<{ profile_id: string }>()
  for (let i = 0; i < 100 && !outbox.some((m) => m.profile_id === created.profile_id); i++) await new Promise((r) => setTimeout(r, 10))
  const sent = outbox.find((m) => m.profile_id === created.profile_id)
  assert.deepEqual(sent, { profile_id: created.profile_id, name: 'Grace', request_id: res.header('x-request-id'), model: 'Profile' })
})
