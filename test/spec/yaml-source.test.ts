// parseSource reads YAML with js-yaml (fast) and locates with `yaml` (positions). The two
// must agree on the value of every document Macaron is given, and whatever js-yaml cannot
// read the way `yaml` does must go through `yaml`.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseDocument } from 'yaml'
import { parseSource, SourceSyntaxError } from '../../src/util/yaml-source.js'

const root = new URL('../../', import.meta.url).pathname
const REBILLY = join(root, 'node_modules/@redocly/openapi-core/src/benchmark/benches/rebilly.yaml')

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name.startsWith('.')) return []
    if (statSync(path).isDirectory()) return yamlFiles(path)
    return /\.ya?ml$/.test(name) ? [path] : []
  })
}

test('the fast value equals the `yaml` value on every YAML document of the project, and on Rebilly', () => {
  const files = [...['test', 'examples', 'docs', 'bench/app', 'bench/persistence'].flatMap((d) => yamlFiles(join(root, d))), REBILLY]
  let compared = 0
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const doc = parseDocument(text, { uniqueKeys: true })
    if (doc.errors.length > 0) continue // broken on purpose: both paths must then give the located error (below)
    assert.deepEqual(parseSource(file, text).value, doc.toJS({ maxAliasCount: 100 }), file)
    compared++
  }
  assert.ok(compared > 50, `compared ${compared} documents`)
})

test('YAML 1.2 core scalars: no 1.1 booleans, no timestamps, octal and hex as numbers', () => {
  const text = 'a: yes\nb: no\nc: 2026-11-29\nd: 0o17\ne: 0x1F\nf: .inf\ng: ~\nh: "007"\ni: 1e3\nj: True\n200: ok\n'
  assert.deepEqual(parseSource('x.yaml', text).value, { a: 'yes', b: 'no', c: '2026-11-29', d: 15, e: 31, f: Infinity, g: null, h: '007', i: 1000, j: true, 200: 'ok' })
})

test('aliases share their object as in `yaml`; what js-yaml reads differently goes through `yaml`: duplicate keys, alias bombs, several documents, tags', () => {
  const duplicate = parseSourceError('a: 1\nb: 2\na: 3\n')
  assert.deepEqual([duplicate.line, duplicate.column], [3, 1])
  assert.match(duplicate.problem, /unique/)
  const aliased = parseSource('x.yaml', 'base: &b { type: string }\nother: *b\n').value
  assert.deepEqual(aliased, { base: { type: 'string' }, other: { type: 'string' } })
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n')
  assert.throws(() => parseSource('bomb.yaml', bomb), /alias|Excessive/i, 'an alias bomb is refused, not expanded')
  assert.equal(parseSourceError('a: 1\n---\nb: 2\n').line, 2)
  assert.deepEqual(parseSource('x.yaml', 'data: !!binary aGVsbG8=\n').value, { data: parseDocument('data: !!binary aGVsbG8=\n').toJS().data })
})

test('positions are still found, lazily, for a document read by the fast path', () => {
  const source = parseSource('x.yaml', 'openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n')
  assert.deepEqual(source.locate('/paths/~1a/get/operationId'), { line: 5, column: 20 })
})

function parseSourceError(text: string): SourceSyntaxError {
  try {
    parseSource('x.yaml', text)
  } catch (error) {
    if (error instanceof SourceSyntaxError) return error
    throw error
  }
  assert.fail('expected a located syntax error')
}
