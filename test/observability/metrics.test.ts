import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'
import { fixture, handlers } from './helpers.js'

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue
    if (wanted.every((w) => line.includes(w))) return Number(line.split(' ').pop())
  }
  return undefined
}

test('/metrics: durations by operation, errors by code, in flight, process and event loop; no raw paths', async () => {
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: {} })
  const api = testClient(app)
  const before = (await api.get('/metrics')).expectOk().text
  const countBefore = sample(before, 'macaron_http_request_duration_seconds_count', { operation: 'getItem', method: 'GET', status_class: '2xx' }) ?? 0
  for (const id of [1, 2, 3]) (await api.get(`/items/${id}`)).expectOk()
  ;(await api.get('/items/abc')).expectStatus(400)
  ;(await api.get('/no/such/path/9f8e7d')).expectStatus(404)
  const res = (await api.get('/metrics')).expectOk()
  assert.match(res.header('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
  const text = res.text
  assert.equal(sample(text, 'macaron_http_request_duration_seconds_count', { operation: 'getItem', method: 'GET', status_class: '2xx' }), countBefore + 3)
  assert.ok((sample(text, 'macaron_errors_total', { code: 'INVALID_PARAMETER', status: '400' }) ?? 0) >= 1)
  assert.ok((sample(text, 'macaron_errors_total', { code: 'NOT_FOUND', status: '404' }) ?? 0) >= 1)
  assert.ok(sample(text, 'macaron_http_request_duration_seconds_count', { operation: 'unmatched', status_class: '4xx' })! >= 1)
  assert.match(text, /^macaron_http_requests_in_flight 1$/m, 'the scrape itself is the one request in flight')
  assert.match(text, /^macaron_process_cpu_seconds_total /m)
  assert.match(text, /^macaron_nodejs_eventloop_lag_seconds /m)
  assert.match(text, /^# TYPE macaron_persistence_operation_duration_seconds histogram$/m)
  assert.match(text, /^# TYPE macaron_task_duration_seconds histogram$/m)
  assert.doesNotMatch(text, /9f8e7d|\/items\/1/, 'raw paths never become labels')
  await app.close()
})

test('/metrics behind a token from env_secrets', async () => {
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: { METRICS_TOKEN: 'm-token-1234' }, overrides: { env_secrets: ['METRICS_TOKEN'], metrics: { token_secret: 'METRICS_TOKEN' } } })
  const api = testClient(app)
  assert.equal((await api.get('/metrics')).status, 401)
  assert.equal((await api.get('/metrics', { token: 'wrong-token-12' })).status, 401)
  ;(await api.get('/metrics', { token: 'm-token-1234' })).expectOk()
  await app.close()
})

test('a token_secret not listed in env_secrets stops start-up', async () => {
  await assert.rejects(createApp({ dir: fixture, handlers, logger: false, environ: {}, overrides: { metrics: { token_secret: 'METRICS_TOKEN' } } }), /metrics\.token_secret names METRICS_TOKEN, which is not listed in env_secrets/)
})

test('/metrics on a port of its own, and off', async () => {
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: {}, overrides: { metrics: { port: 0 } } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  ;(await testClient(app).get('/metrics')).expectError(404, 'NOT_FOUND')
  const separate = await fetch(app.metricsUrl!)
  assert.equal(separate.status, 200)
  assert.match(await separate.text(), /^# TYPE macaron_http_request_duration_seconds histogram$/m)
  assert.equal((await fetch(app.metricsUrl!.replace('/metrics', '/ping'))).status, 404, 'nothing else is served there')
  await app.close()
  const off = await createApp({ dir: fixture, handlers, logger: false, environ: {}, overrides: { metrics: { enabled: false } } })
  ;(await testClient(off).get('/metrics')).expectError(404, 'NOT_FOUND')
  await off.close()
})
