import assert from 'node:assert/strict'
import { context, propagation, trace } from '@opentelemetry/api'
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { createApp } from 'macaron'
import { testClient } from 'macaron/testing'

// #region setup
// Register an SDK before createApp. In production use a batching processor and the OTLP
// exporter: new BatchSpanProcessor(new OTLPTraceExporter({ url: 'http://collector:4318/v1/traces' }))
// from @opentelemetry/sdk-trace-base and @opentelemetry/exporter-trace-otlp-http.
const exporter = new InMemorySpanExporter()
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
provider.register() // also installs the W3C traceparent propagator and async context
// #endregion

const app = await createApp({ dir: 'docs/examples/hello', logger: false })
;(await testClient(app).get('/hello/Ada', { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } })).expectOk()
await app.close()
const names = exporter.getFinishedSpans().map((s) => `${s.name} ${s.spanContext().traceId}`)
assert.deepEqual(names, ['handler sayHello 0af7651916cd43dd8448eb211c80319c', 'GET /hello/{name} 0af7651916cd43dd8448eb211c80319c'])
await provider.shutdown()
trace.disable()
context.disable()
propagation.disable()
