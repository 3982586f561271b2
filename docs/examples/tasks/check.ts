// The example of docs/tasks.md, in process; test/docs/doc-blocks.test.ts runs it (its #test region is in the guide).
import assert from 'node:assert/strict'
import { createApp } from 'macaron'
import { testClient } from 'macaron/testing'
import { sent } from './src/tasks/emails.js'

const app = await createApp({ dir: new URL('.', import.meta.url).pathname })
try {
  // #region test
  const api = testClient(app)
  const res = await api.post('/users', { json: { email: 'ada@example.com' } })
  res.expectStatus(201)
  ;(await api.post('/users', { json: { email: 'ada@example.com' } })).expectStatus(201)
  // In process the tasks run in the test's own process: wait for what they do.
  for (let i = 0; i < 100 && sent.filter((s) => s.kind === 'receipt').length === 0; i++) await new Promise((r) => setTimeout(r, 10))
  // Two welcomes (one per request), one receipt (one jobId), each with its request's id.
  assert.deepEqual(sent.filter((s) => s.kind === 'welcome').map((s) => s.to), ['ada@example.com', 'ada@example.com'])
  assert.equal(sent.filter((s) => s.kind === 'receipt').length, 1)
  assert.equal(sent[0]!.request_id, res.header('x-request-id'))
  // #endregion test
} finally {
  await app.close()
}
