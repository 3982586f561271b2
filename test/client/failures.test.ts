import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { createApp, createClient, type MacaronApp } from '../../src/index.js'
import { petHandlers } from '../fixtures/pets/handlers.js'
import { macaron } from '../generate/helpers.js'
import { petsDir } from './helpers.js'

const dir = petsDir('v31')

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

test('connection refused: UPSTREAM_UNAVAILABLE after the retries, within a bounded time', async () => {
  const closed = createServer()
  const url = await listen(closed)
  await new Promise((resolve) => closed.close(resolve))
  const pets = createClient('pets', { dir, baseUrl: url, retries: 3, backoff: { baseMs: 20, maxMs: 50 } })
  // The first call loads the project's documents; time the second.
  await assert.rejects(pets.getPet({ params: { petId: 1 } }))
  const started = Date.now()
  await assert.rejects(pets.getPet({ params: { petId: 1 } }), (e: Error & { code: string; status: number }) => e.code === 'UPSTREAM_UNAVAILABLE' && e.status === 502 && /4 attempts/.test(e.message))
  // 3 backoffs of at most 20, 40, 50 ms.
  assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`)
})

describe('a service that answers outside its spec', () => {
  // A plain HTTP server standing in for a broken deployment of pets.
  const replies: Record<string, { status: number; type: string; body: string; retryAfter?: string }> = {
    '/pets/1': { status: 200, type: 'application/json', body: '{"name":42}' },
    '/pets/2': { status: 200, type: 'application/json', body: '{"name":' },
    '/pets/3': { status: 418, type: 'text/plain', body: 'teapot' },
    '/pets/4': { status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' },
    '/pets/5': { status: 200, type: 'text/html', body: '<p>Rex</p>' },
    '/pets/6': { status: 206, type: 'application/json', body: '{"name":"Rex"}' },
    '/pets/7': { status: 503, type: 'application/json', body: '{"error":"SERVICE_UNAVAILABLE","error_id":"e-7"}', retryAfter: '1' },
    '/pets/8': { status: 503, type: 'application/json', body: '{"error":"SERVICE_UNAVAILABLE","error_id":"e-8"}', retryAfter: '3600' },
  }
  let hits = 0
  const server = createServer((request, response) => {
    hits++
    const reply = replies[request.url ?? ''] ?? { status: 404, type: 'text/plain', body: 'no' }
    response.writeHead(reply.status, { 'content-type': reply.type, ...(reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}) }).end(reply.body)
  })
  let pets: ReturnType<typeof createClient<'pets'>>
  let url: string
  before(async () => {
    url = await listen(server)
    pets = createClient('pets', { dir, baseUrl: url, backoff: { baseMs: 1, maxMs: 5 } })
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const bad = (detail: RegExp) => (e: Error & { code: string; details?: Array<{ message: string }> }) =>
    e.code === 'UPSTREAM_BAD_RESPONSE' && (e.details ?? []).some((d) => detail.test(d.message))

  test('a body that does not match the schema', () => assert.rejects(pets.getPet({ params: { petId: 1 } }), bad(/^body\/name must be string$/)))
  test('a body that is not JSON', () => assert.rejects(pets.getPet({ params: { petId: 2 } }), bad(/not valid JSON/)))
  test('an error without the standard error body', () => assert.rejects(pets.getPet({ params: { petId: 3 } }), bad(/418 without the standard error body/)))
  test('a content type the spec does not declare', () => assert.rejects(pets.getPet({ params: { petId: 5 } }), bad(/text\/html is not declared/)))
  test('a status the spec does not declare', () => assert.rejects(pets.getPet({ params: { petId: 6 } }), bad(/status 206 is not declared/)))
  test("the service's Retry-After sets the wait, within the backoff's bound", async () => {
    const patient = createClient('pets', { dir, baseUrl: url, retries: 1, backoff: { baseMs: 1, maxMs: 2000 } })
    let started = Date.now()
    await assert.rejects(patient.getPet({ params: { petId: 7 } }), (e: Error & { code: string; errorId: string }) => e.code === 'SERVICE_UNAVAILABLE' && e.errorId === 'e-7')
    assert.ok(Date.now() - started >= 950, `waited ${Date.now() - started} ms for Retry-After: 1`)
    started = Date.now()
    await assert.rejects(pets.getPet({ params: { petId: 8 }, retries: 1 }))
    assert.ok(Date.now() - started < 500, `an hour's Retry-After is capped at maxMs, took ${Date.now() - started} ms`)
  })

  test("a proxy's 502 page is retried, then UPSTREAM_UNAVAILABLE", async () => {
    hits = 0
    await assert.rejects(pets.getPet({ params: { petId: 4 } }), (e: Error & { code: string }) => e.code === 'UPSTREAM_UNAVAILABLE')
    assert.equal(hits, 3)
  })
})

describe('an API this process serves', () => {
  let app: MacaronApp
  // getOwner takes 300 ms, for the timeout of an in-process call.
  const handlers = { ...petHandlers(), getOwner: async () => (await sleep(300), { owner: 'Ada' }) }
  before(async () => (app = await createApp({ dir, handlers, logger: false, environ: {} })))
  after(() => app.close())

  test('with { app } and no base URL, calls go in-process through the whole pipeline', async () => {
    assert.equal(app.server.server.listening, false)
    const pets = createClient('pets', { app })
    const created = await pets.createPet({ body: { name: 'Inly' } })
    assert.equal((await pets.getPet({ params: { petId: created.id! } })).name, 'Inly')
    await assert.rejects(pets.getPet({ params: { petId: 999 } }), (e: Error & { code: string }) => e.code === 'PET_NOT_FOUND')
    await assert.rejects(pets.createPet({ body: { name: '' } }), (e: Error & { code: string; status: number }) => e.code === 'INVALID_PARAMETER' && e.status === 400)
  })

  test('an in-process call has its timeout too', async () => {
    const pets = createClient('pets', { app, retries: 0 })
    const started = Date.now()
    await assert.rejects(pets.getOwner({ params: { petId: 1 }, timeoutMs: 50 }), (e: Error & { code: string }) => e.code === 'UPSTREAM_TIMEOUT')
    assert.ok(Date.now() - started < 250, `took ${Date.now() - started} ms`)
    assert.deepEqual(await pets.getOwner({ params: { petId: 1 } }), { owner: 'Ada' })
  })

  test("the caller's signal aborts the call and its retries", async () => {
    const pets = createClient('pets', { app, retries: 5, backoff: { baseMs: 1000, maxMs: 1000 } })
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('caller gave up')), 50)
    const started = Date.now()
    await assert.rejects(pets.getOwner({ params: { petId: 1 }, signal: controller.signal }), /caller gave up/)
    assert.ok(Date.now() - started < 250, `took ${Date.now() - started} ms`)
  })

  test('the base URL comes from clients.<api>.base_url, over HTTP', async () => {
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    const project = await createApp({ dir, handlers: {}, logger: false, environ: {}, overrides: { clients: { pets: { base_url: `${url}/` } } } })
    try {
      // No dir and no app: the documents and config of the app created last.
      const pets = createClient('pets')
      const created = await pets.createPet({ body: { name: 'Over HTTP' } })
      assert.equal(created.name, 'Over HTTP')
    } finally {
      await project.close()
    }
  })

  test('an API that is not in apis/ is named in the error', async () => {
    const other = createClient('nothere' as 'pets', { dir })
    await assert.rejects(other.listPets(), /no API named nothere in .*\(found: pets\)/)
  })
})

test("the spec's servers entry (variables at their defaults) is the default base URL; a base URL without a path gets its path", async () => {
  const seen: string[] = []
  const server = createServer((request, response) => {
    seen.push(request.url ?? '')
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"p1"}')
  })
  const url = await listen(server)
  const port = new URL(url).port
  const project = mkdtempSync(join(tmpdir(), 'macaron-servers-'))
  mkdirSync(join(project, 'apis'))
  writeFileSync(
    join(project, 'apis/things.yaml'),
    `openapi: 3.1.0
info: { title: things, version: 1.0.0 }
servers: [{ url: 'http://127.0.0.1:{port}/v2', variables: { port: { default: '${port}' } } }]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
`,
  )
  try {
    const fromSpec = createClient('things' as 'pets', { dir: project }) as unknown as Record<string, (init: object) => Promise<unknown>>
    assert.deepEqual(await fromSpec.getThing!({ params: { id: 'a' } }), { id: 'p1' })
    const fromOption = createClient('things' as 'pets', { dir: project, baseUrl: url }) as unknown as Record<string, (init: object) => Promise<unknown>>
    await fromOption.getThing!({ params: { id: 'b' } })
    const withPath = createClient('things' as 'pets', { dir: project, baseUrl: `${url}/other` }) as unknown as Record<string, (init: object) => Promise<unknown>>
    await withPath.getThing!({ params: { id: 'c' } })
    assert.deepEqual(seen, ['/v2/things/a', '/v2/things/b', '/other/things/c'])
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})

test("a called API's x-bind-server names the other service's code: with a clients entry it is neither bound nor served", async () => {
  const project = mkdtempSync(join(tmpdir(), 'macaron-calls-'))
  mkdirSync(join(project, 'apis'))
  writeFileSync(
    join(project, 'apis/remote.yaml'),
    `openapi: 3.1.0
info: { title: remote, version: 1.0.0 }
paths:
  /things:
    get: { operationId: listThings, x-bind-server: src/not/here#listThings, responses: { '200': { description: ok } } }
`,
  )
  await assert.rejects(createApp({ dir: project, logger: false, environ: {} }), /x-bind-server|src\/not\/here/, 'served, the binding fails')
  const app = await createApp({ dir: project, logger: false, environ: {}, overrides: { clients: { remote: { base_url: 'http://127.0.0.1:9' } } } })
  assert.deepEqual(app.operations, [])
  assert.deepEqual(app.apis.map((a) => a.name), ['remote'], 'its document is still there for clients')
  await app.close()
  writeFileSync(join(project, 'macaron.yaml'), 'clients:\n  remote: {}\n')
  const lint = macaron('lint', project)
  assert.equal(lint.code, 0, lint.output)
  assert.match(lint.output, /1 API\(s\), 0 operation\(s\): 0 error\(s\)/)
})
