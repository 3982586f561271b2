import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'
import { captureLog } from '../observability/helpers.js'

/** A POST operation whose JSON body has `schema` (JSON is YAML). */
const post = (path: string, operationId: string, schema: object) => `  ${path}:
    post:
      operationId: ${operationId}
      requestBody: { required: true, content: { application/json: { schema: ${JSON.stringify(schema)} } } }
      responses: { '201': { description: stored } }
`

const spec = `openapi: 3.1.0
info: { title: formats, version: '1' }
paths:
${post('/blobs', 'putBlob', {
  type: 'object',
  additionalProperties: false,
  properties: { data: { type: 'string', format: 'base64url' }, level: { type: 'integer', format: 'int8' }, digest: { type: 'string', format: 'sha256' } },
})}${post('/hashes', 'putHash', { type: 'object', properties: { first: { type: 'string', format: 'sha256' }, second: { type: 'string', format: 'sha256' } } })}`

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-formats-'))
  mkdirSync(join(dir, 'apis'))
  writeFileSync(join(dir, 'apis/formats.yaml'), spec)
  return dir
}

test("OpenAPI registry formats are checked; an unknown one is told once in the app's log, not on stderr", async () => {
  const log = captureLog()
  const printed: unknown[] = []
  const warn = console.warn
  console.warn = (...args: unknown[]) => void printed.push(args)
  const app = await createApp({ dir: project(), handlers: { putBlob: () => undefined, putHash: () => undefined }, logStream: log.stream, environ: {} })
  try {
    const api = testClient(app)
    assert.equal((await api.post('/blobs', { json: { data: 'SGVsbG8_-w', level: -128, digest: 'anything' } })).status, 201)
    const bad = await api.post('/blobs', { json: { data: 'SGVs+G8=', level: 128 } })
    assert.equal(bad.status, 400)
    const fields = ((bad.json() as { errors: unknown }).errors as Array<{ field: string }>).map((e) => e.field).sort()
    assert.deepEqual(fields, ['data', 'level'])
    assert.equal((await api.post('/hashes', { json: { first: 'x', second: 'y' } })).status, 201)
  } finally {
    console.warn = warn
    await app.close()
  }
  const told = log.lines().filter((l) => String(l.msg).includes('format'))
  assert.deepEqual(
    told.map((l) => [l.level, l.msg]),
    [[40, 'format "sha256" in the API documents is unknown to Macaron: values are not checked against it']],
  )
  assert.deepEqual(printed, [])
})
