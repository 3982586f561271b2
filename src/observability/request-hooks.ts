import { propagation, ProxyTracerProvider, trace } from '@opentelemetry/api'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ServiceUnavailable } from '../errors/http-errors.js'
import type { Logger } from 'pino'
import { ERROR, OPERATION, SPAN, STAGES, STARTED, USER } from '../pipeline/request-state.js'
import { requestLogger } from './lazy-logger.js'
import { leaveRequestContext } from '../context/index.js'
import { errorsTotal, httpDuration, httpInFlight, methodLabel } from './metrics.js'
import { histogramSeries, type HistogramSeries } from './fast-histogram.js'
import { endRequestSpan, startRequestSpan } from './tracing.js'
import { now, type StageTimings } from './timings.js'

export interface RequestHookOptions {
  logger: Logger
  isClosing: () => boolean
  slowCallMs: number
  metrics: boolean
}

/**
 * What happens around every request, in two hooks: the request's logger, the request id
 * echoed, a refusal while shutting down, the in-flight gauge, the trace span; then, as the
 * response is sent, one log line, the duration histogram, the error counter, and a warning
 * with the time per stage when the request was slow. The second is an onSend hook, not an
 * onResponse one: Fastify serves onResponse hooks by adding and removing two listeners on
 * every response (0.7 µs, Node 24 profile). So the duration is measured to the moment the
 * response is handed to Node (for a streamed body, the moment it starts).
 */
export function installRequestHooks(fastify: FastifyInstance, options: RequestHookOptions): void {
  const { logger } = options
  fastify.addHook('onRequest', (request, reply, done) => {
    beginRequest(request, reply, logger)
    request[STARTED] = now()
    void reply.header('x-request-id', request.id)
    if (options.metrics) httpInFlight.inc()
    if (tracingActive()) request[SPAN] = startRequestSpan(request.method, routeOf(request), request.headers)
    if (options.isClosing()) {
      void reply.header('connection', 'close')
      done(new ServiceUnavailable('The service is shutting down; retry on another instance'))
    } else done()
  })
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const started = request[STARTED]
    // Counted once: not a reply sent before the hook above ran (Fastify's refusal of a URL
    // it cannot decode), nor a second send (an error replacing a reply an onSend hook refused).
    if (started !== undefined) {
      request[STARTED] = undefined
      sent(request, reply, now() - started, options)
    }
    done(null, payload)
  })
}

/**
 * What every request gets first, from the first hook (or, refused before any hook, from the
 * error stage): out of any earlier request's context (context/index.ts), and its logger
 * (lazy-logger.ts) as its and its reply's `log`. Returns the request.
 */
export function beginRequest(request: FastifyRequest, reply: FastifyReply, logger: Logger): FastifyRequest {
  leaveRequestContext()
  request.log = reply.log = requestLogger(logger, request.id)
  return request
}

function sent(request: FastifyRequest, reply: FastifyReply, ms: number, options: RequestHookOptions): void {
  const status = reply.statusCode
  const error = request[ERROR]
  const operationId = request[OPERATION]
  if (options.metrics) {
    httpInFlight.dec()
    durationSeries(operationId ?? 'unmatched', request.method, status).observe(ms / 1000)
    if (error) errorsTotal.inc({ code: error.code, status: String(status) })
  }
  const traced = request[SPAN]
  if (traced) endRequestSpan(traced.span, status, operationId, error?.code)
  // The line is built only when it will be written: at level warn (a common production
  // setting) building it was pure cost on every request.
  if (infoEnabled(request.log)) request.log.info(logLine(request, reply, ms, error), 'request')
  if (ms >= options.slowCallMs) {
    request.log.warn({ operationId, ms: round(ms), slow_call_ms: options.slowCallMs, stages_ms: stagesOf(request[STAGES]) }, 'slow call')
  }
}

const NO_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate()
// Where @opentelemetry/api 1.x keeps what is registered (its global-utils.js): nothing is
// there until an SDK, a propagator or a context manager registers. The dependency is held
// to 1.9.x, and test/observability/tracing.test.ts registers a real SDK: a new key would
// leave its spans unrecorded and fail it.
const OTEL_GLOBALS = Symbol.for('opentelemetry.js.api.1')

/**
 * Whether a span can be more than a no-op: an SDK's tracer provider is registered, or a
 * propagator that would carry the caller's trace on. Without either (the default), the
 * span, its context and the traceparent extraction are skipped on every request. Asking
 * the API costs two lookups of its globals and an array a request (0.15 µs, Node 24
 * profile); with nothing registered, one load answers.
 */
function tracingActive(): boolean {
  if ((globalThis as Record<symbol, unknown>)[OTEL_GLOBALS] === undefined) return false
  if (propagation.fields().length > 0) return true
  const provider = trace.getTracerProvider() as Partial<ProxyTracerProvider>
  return typeof provider.getDelegate !== 'function' || provider.getDelegate() !== NO_TRACER_PROVIDER
}

// The duration histogram's series by operation, then by status class and method: looked up
// without building a labels object or a key string per request.
const METHOD_INDEX = new Map(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m, i) => [m, i]))
const durations = new Map<string, Array<HistogramSeries | undefined>>()

function durationSeries(operation: string, method: string, status: number): HistogramSeries {
  let byStatus = durations.get(operation)
  if (!byStatus) durations.set(operation, (byStatus = []))
  const statusClass = Math.floor(status / 100)
  const slot = statusClass * 8 + (METHOD_INDEX.get(method) ?? 7)
  return (byStatus[slot] ??= histogramSeries(httpDuration, { operation, method: methodLabel(method), status_class: `${statusClass}xx` }))
}

function logLine(request: FastifyRequest, reply: FastifyReply, ms: number, error: { code: string; error_id: string } | undefined): Record<string, unknown> {
  const user = request[USER]
  return {
    operationId: request[OPERATION],
    method: request.method,
    url: request.url,
    status: reply.statusCode,
    ms: round(ms),
    ...(user ? { user_id: user.id } : {}),
    ...(error ? { error: error.code, error_id: error.error_id } : {}),
  }
}

function stagesOf(timings: StageTimings | undefined): Record<string, number> | undefined {
  if (!timings) return undefined
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)]))
}

function routeOf(request: FastifyRequest): string {
  // The spec's path of the operation (routes.ts), else the Fastify route's (/ping, /version ...).
  const label = (request.routeOptions.config as { label?: (request: FastifyRequest) => string | undefined }).label
  return label ? (label(request) ?? 'unmatched') : (request.routeOptions.url ?? 'unmatched')
}

function infoEnabled(log: FastifyRequest['log']): boolean {
  return (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info') ?? true
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
