import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { writeProject } from '../../docs/examples/project.js'
import { SparseDocument } from '../../src/pipeline/sparse-document.js'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'

const root = new URL('../../', import.meta.url).pathname

// getBroken's pattern is not a regular expression: the spec is valid, Ajv refuses the schema.
const spec = `
openapi: 3.1.0
info: { title: lazy, version: '1' }
paths:
  /ok:
    get:
      operationId: getOk
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Ok' } } } }
  /broken:
    get:
      operationId: getBroken
      parameters:
        - { name: q, in: query, schema: { type: string, pattern: '([' } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object } } } }
components:
  schemas:
    Ok: { type: object, properties: { n: { type: integer } } }
`

test('routes compile on first request: a schema Ajv refuses fails that operation only, and compileAll names it', async () => {
  let crashes = 0
  const app = await createApp({ dir: writeProject('lazy', spec), logger: false, handlers: { getOk: () => ({ n: 1, extra: 'dropped' }), getBroken: () => ({}) } })
  app.crashes.report = () => void crashes++
  const ok = await app.server.inject({ method: 'GET', url: '/ok' })
  assert.equal(ok.statusCode, 200)
  assert.deepEqual(ok.json(), { n: 1 })
  for (let i = 0; i < 2; i++) {
    const broken = await app.server.inject({ method: 'GET', url: '/broken' })
    assert.equal(broken.statusCode, 500)
    assert.equal(broken.json().error, 'SERVER_ERROR')
  }
  assert.equal(crashes, 2)
  assert.throws(() => app.compileAll(), (e: Error) => /1 operation\(s\) cannot be compiled/.test(e.message) && /getBroken: GET \/broken/.test(e.message) && !/getOk/.test(e.message))
  // The test kit compiles eagerly, so a test sees the broken schema before any request.
  assert.throws(() => testClient(app), /getBroken/)
  await app.close()
})

test('macaron lint compiles every operation and reports a schema Ajv refuses as an error', () => {
  const dir = writeProject('lazy', spec)
  const run = spawnSync(process.execPath, [`${root}bin/macaron.js`, 'lint', dir], { encoding: 'utf8' })
  const out = run.stdout + run.stderr
  assert.equal(run.status, 1, out)
  assert.match(out, /error: getBroken: GET \/broken in .*lazy\.yaml: its schemas cannot be compiled/)
  assert.doesNotMatch(out, /error: getOk/)
})

/** What the serialiser of `schema` is given of `document` (schema-store.ts), in the document as written. */
function reachable(document: object, schema: unknown): unknown {
  const part = new SparseDocument(document as Record<string, never>, (node) => node)
  assert.equal(part.reach(schema), true)
  return part.root
}

test('a serialiser is given only the parts of the document its schema reaches', () => {
  const doc = {
    paths: { '/x': {} },
    components: {
      schemas: {
        A: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' }, c: { $ref: '#/components/schemas/C/properties/d' } } },
        B: { type: 'array', items: { $ref: '#/components/schemas/A' } },
        C: { type: 'object', properties: { d: { type: 'string' }, e: { $ref: '#/components/schemas/E' } } },
        E: { type: 'integer' },
        Unused: { type: 'string' },
      },
    },
  }
  const out = reachable(doc, { $ref: '#/components/schemas/A' }) as typeof doc
  const schemas = doc.components.schemas
  assert.deepEqual(out, { components: { schemas: { A: schemas.A, B: schemas.B, C: { properties: { d: schemas.C.properties.d } } } } })
  // An ancestor reached too is copied whole, and the copy never writes into the document.
  const both = reachable(doc, [{ $ref: '#/components/schemas/C/properties/d' }, { $ref: '#/components/schemas/C' }]) as typeof doc
  assert.deepEqual(both.components.schemas, { C: schemas.C, E: schemas.E })
  assert.equal(Object.keys(doc.components.schemas.C.properties).length, 2)
})

test("collected operations follow their parameters', body's and responses' $refs on first read, once", async () => {
  const { collectOperations } = await import('../../src/pipeline/operations.js')
  const reads = { parameters: 0, requestBodies: 0, responses: 0 }
  const counted = (kind: keyof typeof reads, value: object) => ({ get: () => (reads[kind]++, value), enumerable: true })
  const components = Object.defineProperties({}, {
    parameters: counted('parameters', { Q: { name: 'q', in: 'query', schema: { type: 'string' } } }),
    requestBodies: counted('requestBodies', { B: { content: { 'application/json': { schema: { type: 'object' } } } } }),
    responses: counted('responses', { Ok: { description: 'ok' } }),
  })
  const document = {
    openapi: '3.1.0',
    paths: {
      '/a': {
        parameters: [{ name: 'h', in: 'header', schema: { type: 'string' } }],
        post: { operationId: 'postA', parameters: [{ $ref: '#/components/parameters/Q' }], requestBody: { $ref: '#/components/requestBodies/B' }, responses: { '200': { $ref: '#/components/responses/Ok' } } },
      },
    },
    components,
  }
  const [op] = collectOperations({ name: 'a', document } as never)
  assert.equal(op!.operationId, 'postA')
  assert.equal(op!.method, 'POST')
  assert.equal(op!.pointer, '/paths/~1a/post')
  assert.deepEqual(reads, { parameters: 0, requestBodies: 0, responses: 0 }, 'nothing followed at collection')
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(op!.parameters.map((p) => `${p.in}:${p.name}`), ['header:h', 'query:q'])
    assert.deepEqual(Object.keys(op!.requestBody?.content as object), ['application/json'])
    assert.deepEqual(op!.responses, { '200': { description: 'ok' } })
  }
  assert.deepEqual(reads, { parameters: 1, requestBodies: 1, responses: 1 }, 'each followed once')
})
