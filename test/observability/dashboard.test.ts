import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { registry } from '../../src/observability/metrics.js'

const root = new URL('../../', import.meta.url).pathname

// The dashboard and the metric list of docs/observability.md must name metrics that exist.
test('every metric the dashboard and the docs name is one the service exports', async () => {
  const exported = new Set((await registry.getMetricsAsJSON()).map((m) => m.name))
  const dashboard = JSON.parse(readFileSync(`${root}docs/grafana-dashboard.json`, 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> }
  const fromDashboard = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\b(macaron_[a-z0-9_]+?)(?:_bucket|_count|_sum)?\{/g)].map((m) => m[1]!)))
  const doc = readFileSync(`${root}docs/observability.md`, 'utf8')
  const fromDocs = [...doc.matchAll(/^\| `(macaron_[a-z0-9_]+)` \|/gm)].map((m) => m[1]!)
  assert.ok(fromDashboard.length >= 10 && fromDocs.length >= 7)
  for (const name of [...fromDashboard, ...fromDocs]) assert.ok(exported.has(name), `${name} is not exported`)
  for (const name of exported) if (!name.startsWith('macaron_process_') && !name.startsWith('macaron_nodejs_')) assert.ok(fromDocs.includes(name), `${name} is missing from docs/observability.md`)
})
