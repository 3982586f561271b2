import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Histogram, Registry } from 'prom-client'
import { histogramSeries } from '../../src/observability/fast-histogram.js'

function pair() {
  const make = () => {
    const registry = new Registry()
    const histogram = new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['operation', 'status_class'] as const, buckets: [0.001, 0.01, 0.1, 1], registers: [registry] })
    return { registry, histogram }
  }
  return { reference: make(), fast: make() }
}

// Sums are added in another order, so they may differ in the last bits; all else is equal.
const normal = (text: string) => text.replace(/(_sum\{[^}]*\}) (\S+)/g, (_, name: string, v: string) => `${name} ${Number(v).toFixed(9)}`)

test('series counted apart and merged at collect expose exactly what prom-client observe does', async () => {
  const { reference, fast } = pair()
  const labels = [
    { operation: 'getItem', status_class: '2xx' },
    { operation: 'getItem', status_class: '4xx' },
    { operation: 'unmatched', status_class: '4xx' },
  ]
  const series = labels.map((l) => histogramSeries(fast.histogram, l))
  // Values on, between, below and above the bounds (above the last: only +Inf holds it).
  const values = [0, 0.001, 0.0005, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 30]
  // prom-client's observe already created one series: a merge must add to it, not replace it.
  reference.histogram.observe(labels[0]!, 0.2)
  fast.histogram.observe(labels[0]!, 0.2)
  for (let round = 0; round < 2; round++) {
    values.forEach((v, i) => {
      reference.histogram.observe(labels[i % 3]!, v)
      series[i % 3]!.observe(v)
    })
    assert.equal(normal(await fast.registry.metrics()), normal(await reference.registry.metrics()))
  }
  // A reset forgets what was counted and not yet merged, as it does prom-client's own.
  series[1]!.observe(0.5)
  fast.registry.resetMetrics()
  reference.registry.resetMetrics()
  series[2]!.observe(0.02)
  reference.histogram.observe(labels[2]!, 0.02)
  assert.equal(normal(await fast.registry.metrics()), normal(await reference.registry.metrics()))
  assert.match(await fast.registry.metrics(), /h_seconds_count\{operation="unmatched",status_class="4xx"\} 1$/m)
})
