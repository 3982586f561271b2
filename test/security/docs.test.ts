import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

// The doc test checks that config blocks load; this one checks that the first is the very
// macaron.yaml of the worked example, which docs/examples/security/schemes.ts runs.
const root = new URL('../../', import.meta.url).pathname

test('docs/security.md shows the example service macaron.yaml verbatim', () => {
  const page = readFileSync(root + 'docs/security.md', 'utf8')
  const block = /<!-- doc-test: config -->\n```yaml\n([\s\S]*?)```/.exec(page)?.[1]
  assert.equal(block, readFileSync(root + 'docs/examples/security/service/macaron.yaml', 'utf8'))
})

test('docs/security.md lists every security code with the status of docs/errors.md', () => {
  const rows = (file: string) => new Map([...readFileSync(root + file, 'utf8').matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, m[2]!]))
  const security = rows('docs/security.md')
  const errors = rows('docs/errors.md')
  for (const code of ['AUTHORIZATION_HEADER_MISSING', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'FORBIDDEN', 'API_KEY_MISSING', 'API_KEY_INVALID', 'CREDENTIALS_INVALID']) {
    assert.ok(security.has(code), `${code} missing from docs/security.md`)
    assert.equal(security.get(code), errors.get(code), code)
  }
})
