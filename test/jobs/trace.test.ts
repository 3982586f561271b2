import assert from 'node:assert/strict'
import { test } from 'node:test'
import { liveClient, testToken } from '../../src/testing/index.js'
import { harness } from './contract.js'
import { useMemoryTracer } from '../support/tracing.js'

const exporter = useMemoryTracer()

test("a task's span continues the trace of the request that enqueued it (W3C traceparent in the job)", async () => {
  const h = await harness({ name: 'inprocess', jobs: () => ({ backend: 'inprocess' }), start: async () => undefined })
  try {
    const api = await liveClient(h.app)
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const res = await api.post('/notes', { token: await testToken(h.app, 'alice'), json: { text: 'traced' }, headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })
    res.expectStatus(202)
    await h.waitFor('the traced note', (r) => r.some((x) => x.event === 'done' && x.text === 'traced'))
    for (let i = 0; i < 50 && !exporter.getFinishedSpans().some((s) => s.name === 'task note'); i++) await new Promise((r) => setTimeout(r, 20))
    const span = exporter.getFinishedSpans().find((s) => s.name === 'task note')
    assert.ok(span, 'a span named after the task')
    assert.equal(span.spanContext().traceId, traceId)
    assert.equal(span.attributes['macaron.attempt'], 1)
    const requestSpans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId && s.name !== 'task note').map((s) => s.spanContext().spanId)
    assert.ok(requestSpans.includes(span.parentSpanContext?.spanId ?? (span as unknown as { parentSpanId?: string }).parentSpanId ?? ''), 'its parent is a span of the request')
  } finally {
    await h.app.close()
  }
})
