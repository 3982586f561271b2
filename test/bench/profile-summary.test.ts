// bench/lib/profile-summary.mjs sums a CPU profile's self time per request by the library a
// function belongs to: checked on a profile written by hand, so every figure is known.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

const script = new URL('../../bench/lib/profile-summary.mjs', import.meta.url).pathname

test('self time per request, by library and by function', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9, columnNumber: 0, scriptId: '0' })
  const nodes = [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('respond', 'file:///work/macaron/src/pipeline/routes.ts') },
    { id: 3, callFrame: frame('find', 'file:///app/node_modules/find-my-way/index.js') },
    { id: 4, callFrame: frame('emit', 'node:events') },
    { id: 5, callFrame: frame('(garbage collector)', '') },
    { id: 6, callFrame: frame('compile', 'file:///app/node_modules/tsx/dist/loader.mjs') },
  ]
  // 100 requests: find-my-way 300 µs, node 200 µs, Macaron's respond 100 µs, GC 50 µs, start-up 1,000 µs.
  const samples = [3, 3, 3, 4, 4, 2, 5, 6]
  const timeDeltas = [100, 100, 100, 100, 100, 100, 50, 1000]
  const dir = mkdtempSync(join(tmpdir(), 'macaron-profile-'))
  const file = join(dir, 'x.cpuprofile')
  writeFileSync(file, JSON.stringify({ nodes, samples, timeDeltas, startTime: 0, endTime: 1650 }))
  const out = execFileSync(process.execPath, [script, file, '100'], { encoding: 'utf8' })
  const rows = out.split('\n').filter((l) => l.includes('µs/request'))
  const figure = (key: string) => Number(rows.find((r) => r.trimEnd().endsWith(`  ${key}`))?.trim().split(' ')[0])
  assert.equal(figure('find-my-way'), 3)
  assert.equal(figure('node'), 2)
  assert.equal(figure('start-up'), 10)
  assert.equal(figure('(garbage collector)'), 0.5)
  // Code under a checkout's src/ (not a package's) is Macaron's own.
  assert.equal(figure('macaron'), 1)
  assert.ok(rows.some((r) => r.includes('find-my-way: find index.js:10')), out)
  assert.ok(rows[0]!.includes('start-up'), 'largest first')
})
