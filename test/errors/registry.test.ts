import assert from 'node:assert/strict'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { declaredErrors } from '../../src/errors/api-error.js'

const root = new URL('../../', import.meta.url).pathname

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : []
  })
}

const files = sources(join(root, 'src')).filter((f) => !f.includes('/cli/main.ts'))

test('every built-in error code is declared once in the source', () => {
  const seen = new Map<string, string>()
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/defineError\(\s*'([A-Z0-9_]+)'/g)) {
      const code = match[1]!
      assert.ok(!seen.has(code), `${code} is declared in ${seen.get(code)} and in ${file}`)
      seen.set(code, file)
    }
  }
  assert.ok(seen.size >= 10, `expected the built-in codes, found ${seen.size}`)
})

test('every declared error code is documented in docs/errors.md with its status', async () => {
  for (const file of files) await import(pathToFileURL(file).href)
  const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8')
  const rows = new Map([...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]))
  const declared = declaredErrors()
  assert.ok(declared.size >= 10)
  for (const [code, { status }] of declared) {
    assert.equal(rows.get(code), status, `${code} (${status}) is missing from docs/errors.md or has another status there`)
  }
  for (const code of rows.keys()) assert.ok(declared.has(code), `docs/errors.md lists ${code}, which no module declares`)
})
