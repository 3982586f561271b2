import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp, type Handler } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'
import { captureLog, fixture } from './helpers.js'

// The request's logger is made lazily (src/observability/lazy-logger.ts): these check that
// what a handler sees still behaves as the pino child Fastify would have made.
test('the request logger: lazy until a line is written, with the request id, its children keeping their bindings', async () => {
  const capture = captureLog()
  const loggers: unknown[] = []
  const getItem: Handler = ({ params, log }) => {
    loggers.push(log)
    log.debug('below the level')
    if (params.id === 2) log.child({ step: 'lookup' }).warn({ id: params.id }, 'child line')
    return { id: params.id }
  }
  const app = await createApp({ dir: fixture, handlers: { getItem }, environ: {}, logStream: capture.stream, overrides: { log: { level: 'warn', pretty: false } } })
  const api = testClient(app)
  ;(await api.get('/items/1', { headers: { 'x-request-id': 'first' } })).expectOk()
  ;(await api.get('/items/2', { headers: { 'x-request-id': 'second' } })).expectOk()
  await app.close()
  // The request hook made them (Fastify is given no logger): no pino child yet.
  assert.equal((loggers[0] as object).constructor.name, 'LazyChildLogger')
  assert.notEqual(loggers[0], loggers[1])
  const lines = capture.lines()
  assert.deepEqual(
    lines.filter((l) => l.msg === 'child line').map((l) => [l.request_id, l.step, l.id, l.level]),
    [['second', 'lookup', 2, 40]],
  )
  assert.equal(lines.filter((l) => l.msg === 'below the level').length, 0)
  // The app's own logger is still pino, and its children made with options are real.
  const routeChild = app.server.log.child({ plugin: 'x' }, { level: 'error' })
  assert.equal(routeChild.constructor.name, app.server.log.constructor.name)
  assert.equal(routeChild.level, 'error')
})

// Fastify is given no logger (src/app.ts): its own routes (/ping) are logged and counted by
// the same hooks, and the instance's log is the app's.
test('a built-in route: one request line with the request id; app.server.log is the app logger', async () => {
  const capture = captureLog()
  const app = await createApp({ dir: fixture, handlers: {}, environ: {}, logStream: capture.stream, overrides: { log: { level: 'info', pretty: false } } })
  const api = testClient(app)
  ;(await api.get('/ping', { headers: { 'x-request-id': 'ping-1' } })).expectOk()
  app.server.log.warn('instance line')
  await app.close()
  const lines = capture.lines()
  const requestLines = lines.filter((l) => l.msg === 'request' && l.request_id === 'ping-1')
  assert.equal(requestLines.length, 1, 'one line per request')
  assert.deepEqual([requestLines[0]!.status, requestLines[0]!.url, typeof requestLines[0]!.ms], [200, '/ping', 'number'])
  const instance = lines.find((l) => l.msg === 'instance line')
  assert.ok(instance, 'app.server.log writes to the app logger')
  assert.equal(instance.request_id, undefined)
})
