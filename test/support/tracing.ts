import { after, before } from 'node:test'
import { context, propagation, trace } from '@opentelemetry/api'
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'

/**
 * A real OpenTelemetry SDK, registered as a user would, exporting to memory for the tests of
 * one file (registered before them, removed after them so other files run without one).
 */
export function useMemoryTracer(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter()
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  before(() => provider.register())
  after(async () => {
    await provider.shutdown()
    trace.disable()
    context.disable()
    propagation.disable()
  })
  return exporter
}
