import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp, type Handler } from '../../src/index.js'
import { traceHeaders, withSpan } from '../../src/observability/tracing.js'
import { liveClient } from '../../src/testing/index.js'
import { fixture } from './helpers.js'
import { useMemoryTracer } from '../support/tracing.js'

// A real OpenTelemetry SDK, as a user would register it, exporting to memory.
const exporter = useMemoryTracer()

test('request and handler spans continue the caller trace; child spans and outgoing headers follow', async () => {
  let outgoing: Record<string, string> = {}
  const handlers: Record<string, Handler> = {
    getItem: async ({ params }) => {
      await withSpan('persistence load Item', { 'macaron.model': 'Item' }, async () => undefined)
      outgoing = traceHeaders()
      return { id: params.id }
    },
    crash: () => {
      throw new Error('boom')
    },
  }
  const app = await createApp({ dir: fixture, handlers, logger: false, environ: {} })
  const api = await liveClient(app)
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
  ;(await api.get('/items/7', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })).expectOk()
  ;(await api.get('/crash')).expectStatus(500)
  await app.close()
  const spans = exporter.getFinishedSpans()
  const request = spans.find((s) => s.name === 'GET /items/{id}')!
  const handler = spans.find((s) => s.name === 'handler getItem')!
  const child = spans.find((s) => s.name === 'persistence load Item')!
  assert.equal(request.spanContext().traceId, traceId, 'the caller trace continues')
  assert.equal(request.parentSpanContext?.spanId, '00f067aa0ba902b7')
  assert.equal(request.attributes['http.response.status_code'], 200)
  assert.equal(request.attributes['macaron.operation_id'], 'getItem')
  assert.equal(handler.parentSpanContext?.spanId, request.spanContext().spanId)
  assert.equal(child.parentSpanContext?.spanId, handler.spanContext().spanId)
  assert.match(outgoing.traceparent ?? '', new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`), 'outgoing calls carry traceparent')
  const crashed = spans.find((s) => s.attributes['macaron.operation_id'] === 'crash' && s.name.startsWith('GET'))!
  assert.equal(crashed.status.code, 2, 'a 5xx marks the request span as an error')
  assert.equal(crashed.attributes['macaron.error'], 'SERVER_ERROR')
})
