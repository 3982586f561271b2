import assert from 'node:assert/strict'
import { execSync } from 'node:child_process'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'
import { captureLog, fixture, handlers } from './helpers.js'

test('/ready runs the checks: 200 when all pass, 503 naming the one that failed, bounded in time', async () => {
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: {} })
  const api = testClient(app)
  app.readiness.add('persistence', async () => {})
  assert.deepEqual((await api.get('/ready')).expectOk().expectJson(), { ready: true, checks: { persistence: 'ok' } })
  app.readiness.add('queue', async () => {
    throw new Error('redis at 127.0.0.1:6390 refused the connection')
  })
  app.readiness.add('slow', () => new Promise(() => {}))
  const started = Date.now()
  const res = await api.get('/ready')
  const body = res.expectError(503, 'SERVICE_UNAVAILABLE')
  assert.ok(Date.now() - started < 5000)
  assert.match(body.error_description, /queue: redis at 127\.0\.0\.1:6390 refused the connection; slow: no answer within 2000 ms/)
  assert.deepEqual(body.errors, { persistence: 'ok', queue: 'redis at 127.0.0.1:6390 refused the connection', slow: 'no answer within 2000 ms' })
  assert.equal(res.header('retry-after'), '5')
  ;(await api.get('/ping')).expectOk()
  await app.close()
})

test('/version: name, version or injected build version, git commit, node, start time', async () => {
  const head = execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim()
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: { MACARON_BUILD_VERSION: '1.10' } })
  const body = (await testClient(app).get('/version')).expectOk().expectJson<Record<string, unknown>>()
  assert.equal(body.version, '1.10', 'kept as text, not the number 1.1')
  assert.equal(body.commit, head)
  assert.equal(body.node, process.version)
  assert.ok(Date.parse(body.started_at as string) <= Date.now())
  await app.close()
})

test('a slow call is logged as a warning with the time per stage', async () => {
  const log = captureLog()
  const app = await createApp({ dir: fixture, handlers, logStream: log.stream, environ: {}, overrides: { slow_call_ms: 0 } })
  ;(await testClient(app).get('/items/5')).expectOk()
  await app.close()
  const slow = log.lines().find((l) => l.msg === 'slow call')!
  assert.equal(slow.level, 40)
  assert.equal(slow.operationId, 'getItem')
  assert.deepEqual(Object.keys(slow.stages_ms as object), ['security', 'validation', 'handler', 'persistence', 'serialisation'])
  assert.ok(Object.values(slow.stages_ms as Record<string, number>).every((v) => typeof v === 'number' && v >= 0))
})
