import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'
import { fixture, handlers, receiver } from './helpers.js'

test('a 5xx is posted to a real webhook with error_id, stack, redacted request; secrets masked', async () => {
  const hook = await receiver()
  const environ = { HOOK_URL: hook.url, DB_PASSWORD: 'pw-abcdef-123' }
  const app = await createApp({ dir: fixture, handlers, logger: false, environ, overrides: { env_secrets: ['HOOK_URL', 'DB_PASSWORD'], crash_reports: { webhook: { url_secret: 'HOOK_URL' } } } })
  const body = (await testClient(app).get('/crash', { headers: { authorization: 'Bearer sekret-token', 'x-secret-note': 'pw-abcdef-123' } })).expectError(500, 'SERVER_ERROR')
  await app.crashes.flush()
  assert.equal(hook.posts.length, 1)
  const post = hook.posts[0]! as { text: string; report: Record<string, any> }
  assert.match(post.text, /^\[observability\/dev\] SERVER_ERROR on GET \/crash: disk full at \[SECRET\] \(error_id [0-9a-f-]{36}\)$/)
  const report = post.report
  assert.equal(report.error_id, body.error_id)
  assert.equal(report.kind, 'request')
  assert.match(report.stack, /Error: disk full at \[SECRET\]\n\s+at crash/)
  assert.equal(report.request.headers.authorization, '[REDACTED]')
  assert.equal(report.request.operation_id, 'crash')
  assert.doesNotMatch(JSON.stringify(hook.posts), /pw-abcdef-123|sekret-token/)
  ;(await testClient(app).get('/items/abc')).expectStatus(400)
  await app.crashes.flush()
  assert.equal(hook.posts.length, 1, '4xx are not crashes')
  await app.close()
  await hook.close()
})

test('a storm is rate-limited: N posts, then one summary of what was held back', async () => {
  const hook = await receiver()
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: {}, overrides: { crash_reports: { webhook: { url: hook.url }, max_per_minute: 3 } } })
  const api = testClient(app)
  await Promise.all(Array.from({ length: 20 }, () => api.get('/crash')))
  await app.crashes.flush()
  assert.equal(hook.posts.length, 4)
  const summary = hook.posts.find((p) => (p.report as { kind: string }).kind === 'summary')!.report as { suppressed: Record<string, number>; message: string }
  assert.deepEqual(summary.suppressed, { SERVER_ERROR: 17 })
  assert.match(summary.message, /17 more crash report\(s\) were held back by the rate limit \(3 a minute\)/)
  ;(await api.get('/items/1')).expectOk()
  await app.close()
  await hook.close()
})

test('a user function reporter receives the report', async () => {
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: {}, overrides: { crash_reports: { function: 'reporter#collect' } } })
  ;(await testClient(app).get('/crash')).expectError(500, 'SERVER_ERROR')
  await app.crashes.flush()
  const { collected } = (await import('../fixtures/observability/reporter.js')) as { collected: Array<{ code: string }> }
  assert.deepEqual(collected.map((r) => r.code), ['SERVER_ERROR'])
  await app.close()
})

test('a webhook that fails does not break the request', async () => {
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: {}, overrides: { crash_reports: { webhook: { url: 'http://127.0.0.1:9/nothing', timeout_ms: 500 } } } })
  ;(await testClient(app).get('/crash')).expectError(500, 'SERVER_ERROR')
  await app.crashes.flush()
  ;(await testClient(app).get('/items/2')).expectOk()
  await app.close()
})
