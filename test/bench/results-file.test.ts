import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { sectionKey, writeResults } from '../../bench/lib/results-file.js'

test('a run on one Node version keeps the HTTP figures of the other, the other suites and the notes', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'macaron-results-')), 'RESULTS.md')
  writeResults(file, 'header A', { [sectionKey('http', '20.20.2')]: 'node 20 table', startup: 'startup table' })
  writeFileSync(file, readFileSync(file, 'utf8') + 'hand-written notes\n')
  writeResults(file, 'header B', { [sectionKey('http', '24.1.0')]: 'node 24 table' })
  const text = readFileSync(file, 'utf8')
  for (const kept of ['node 20 table', 'header A', 'startup table', 'node 24 table', 'header B', 'hand-written notes']) assert.ok(text.includes(kept), kept)
  const at = (s: string) => text.indexOf(s)
  assert.ok(at('## HTTP on Node 20') < at('## HTTP on Node 24') && at('## HTTP on Node 24') < at('## Start-up time'), 'sections in suite order, HTTP by version')
  assert.ok(at('node 24 table') < at('hand-written notes'), 'notes stay last')
  assert.equal(text.match(/section:http-node20 -->/g)?.length, 2, 'one node 20 section, opened and closed')
})
