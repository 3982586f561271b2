import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { context, propagation, trace } from '@opentelemetry/api'
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { createApp, createClient, generateToken, type MacaronApp } from '../../src/index.js'
import { registry } from '../../src/observability/metrics.js'
import { liveClient } from '../../src/testing/index.js'
import { callerProject, startPets, type Behaviour } from './helpers.js'

// Two real services over HTTP: a client calls caller, whose handlers call pets with
// createClient. What pets receives is asserted where it arrives.
const exporter = new InMemorySpanExporter()
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const lines: string[] = []
let pets: { app: MacaronApp; url: string; behaviour: Behaviour }
let caller: MacaronApp
let api: Awaited<ReturnType<typeof liveClient>>

before(async () => {
  provider.register()
  pets = await startPets('v30', { write: (line) => void lines.push(line) })
  // Made at import time in a real handlers file: resolved on the first call, from the app created last (caller).
  const client = createClient('pets')
  caller = await createApp({
    dir: callerProject('v30'),
    logger: false,
    environ: { JWT_SECRET: 'a-secret-of-at-least-32-characters!!' },
    overrides: { clients: { pets: { base_url: pets.url } } },
    handlers: {
      relayOwner: ({ params }) => client.getOwner({ params: { petId: params.petId as number } }),
      relayPet: ({ params }) => client.getPet({ params: { petId: params.petId as number } }),
    },
  })
  api = await liveClient(caller)
})
after(async () => {
  await caller.close()
  await pets.app.close()
  await provider.shutdown()
  trace.disable()
  context.disable()
  propagation.disable()
})

test("the caller's token, request id and trace go on to the called service; one client span per call", async () => {
  const token = await generateToken('user-7')
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
  pets.behaviour.failFirst = 1
  const owner = (await api.get('/relay/5/owner', { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-relay-1', traceparent: `00-${traceId}-00f067aa0ba902b7-01` } }))
    .expectOk()
    .expectJson<Record<string, unknown>>()
  assert.deepEqual(owner, { pet: 5, owner: 'Ada' })
  assert.equal(pets.behaviour.seen.length, 2, 'the 503 was retried')
  for (const seen of pets.behaviour.seen) {
    assert.equal(seen.authorization, `Bearer ${token}`)
    assert.equal(seen.request_id, 'req-relay-1')
    assert.match(seen.traceparent ?? '', new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`))
  }
  const clientSpans = exporter.getFinishedSpans().filter((s) => s.name === 'GET /pets/{petId}/owner' && s.attributes['macaron.client.api'] === 'pets')
  assert.equal(clientSpans.length, 1)
  const span = clientSpans[0]!
  assert.equal(span.spanContext().traceId, traceId)
  assert.equal(span.attributes['http.request.resend_count'], 1)
  assert.equal(span.attributes['http.response.status_code'], 200)
  const metrics = await registry.getSingleMetricAsString('macaron_client_request_duration_seconds')
  assert.match(metrics, /macaron_client_request_duration_seconds_count\{api="pets",operation="getOwner",outcome="2xx"\} 1$/m, 'one call, retries included, counted by outcome')
  const served = exporter.getFinishedSpans().filter((s) => s.attributes['macaron.operation_id'] === 'getOwner' && s.kind === 1)
  assert.ok(served.length >= 1 && served.every((s) => s.parentSpanContext?.spanId === span.spanContext().spanId), "pets' request spans are children of the client span")
})

test('an API the service only calls (a clients entry) is not served by it', async () => {
  assert.deepEqual(caller.operations.map((op) => op.operationId).sort(), ['relayOwner', 'relayPet'])
  ;(await api.get('/pets')).expectError(404, 'NOT_FOUND')
})

test("a remote error goes back to the caller's caller with the remote code, status and error_id", async () => {
  const token = await generateToken('user-7')
  const body = (await api.get('/relay/404', { headers: { authorization: `Bearer ${token}` } })).expectError(404, 'PET_NOT_FOUND')
  const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.error === 'PET_NOT_FOUND')
  assert.ok(logged, 'pets logged the error')
  assert.equal(body.error_id, logged.error_id, 'one error_id across both services')
  assert.equal(body.error_description, 'Pet 404 does not exist')
})
