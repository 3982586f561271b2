import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api'

// Spans go through @opentelemetry/api only: with no SDK registered they cost next to
// nothing; a service that registers one (docs/observability.md, OTLP) gets request,
// handler, persistence, client and task spans, and W3C traceparent in and out.
const tracer = () => trace.getTracer('macaron')

/** Starts the server span of a request, continuing the caller's trace (traceparent). */
export function startRequestSpan(method: string, route: string, headers: Record<string, unknown>): { span: Span; context: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, headers)
  const span = tracer().startSpan(`${method} ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'http.route': route } }, parent)
  return { span, context: trace.setSpan(parent, span) }
}

export function endRequestSpan(span: Span, status: number, operationId: string | undefined, errorCode: string | undefined): void {
  span.setAttribute('http.response.status_code', status)
  if (operationId) span.setAttribute('macaron.operation_id', operationId)
  if (errorCode) span.setAttribute('macaron.error', errorCode)
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, ...(errorCode ? { message: errorCode } : {}) })
  span.end()
}

/** Runs `fn` in a child span of the active one (handler, persistence call, client call, task). */
export async function withSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T> | T, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  const span = tracer().startSpan(name, { kind, attributes })
  try {
    return await context.with(trace.setSpan(context.active(), span), fn)
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' })
    throw error
  } finally {
    span.end()
  }
}

/** Adds traceparent (and tracestate) for the active span to outgoing headers or task payloads. */
export function traceHeaders(carrier: Record<string, string> = {}): Record<string, string> {
  propagation.inject(context.active(), carrier)
  return carrier
}

/** Runs `fn` in the trace context that `traceHeaders` captured (a task continuing its request). */
export function withTraceHeaders<T>(carrier: Record<string, string> | undefined, fn: () => T): T {
  return carrier ? context.with(propagation.extract(context.active(), carrier), fn) : fn()
}

export function runInContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn)
}
