import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'
import { useMemoryTracer } from '../support/tracing.js'

const exporter = useMemoryTracer()

test('each persistence call is a span, a child of the handler span within a request', async () => {
  const app = await createApp({ dir: resolve(import.meta.dirname, '../fixtures/persistence'), env: 'test', logger: false, overrides: { persistence: { backend: 'memory' } } })
  try {
    await app.models.Profile!.create({ profile_id: 'traced', name: 'T', view_count: 0 })
    ;(await testClient(app).post('/profiles/traced/views')).expectOk()
  } finally {
    await app.close()
  }
  const spans = exporter.getFinishedSpans()
  const handler = spans.find((s) => s.name === 'handler addView')
  assert.ok(handler, spans.map((s) => s.name).join(', '))
  for (const name of ['load Profile', 'save Profile']) {
    const span = spans.find((s) => s.name === name)
    assert.ok(span, `${name} in ${spans.map((s) => s.name).join(', ')}`)
    assert.equal(span.parentSpanContext?.spanId ?? (span as unknown as { parentSpanId?: string }).parentSpanId, handler.spanContext().spanId)
    assert.equal(span.attributes['db.system'], 'memory')
    assert.equal(span.attributes['db.collection.name'], 'test_profiles')
    assert.equal(span.attributes['macaron.model'], 'Profile')
  }
  assert.ok(spans.some((s) => s.name === 'create Profile'), 'outside a request too')
})
