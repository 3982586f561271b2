import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ServiceUnavailable } from '../errors/http-errors.js'
import { ERROR, OPERATION, SPAN, STAGES, USER } from '../pipeline/request-state.js'
import { errorsTotal, httpDuration, httpInFlight, methodLabel } from './metrics.js'
import { endRequestSpan, startRequestSpan } from './tracing.js'
import type { StageTimings } from './timings.js'

export interface RequestHookOptions {
  isClosing: () => boolean
  slowCallMs: number
  metrics: boolean
}

/**
 * What happens around every request, in two hooks: the request id echoed, a refusal while
 * shutting down, the in-flight gauge, the trace span; then, when the response is sent,
 * one log line, the duration histogram, the error counter, and a warning with the time
 * per stage when the request was slow.
 */
export function installRequestHooks(fastify: FastifyInstance, options: RequestHookOptions): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id)
    if (options.metrics) httpInFlight.inc()
    request[SPAN] = startRequestSpan(request.method, routeOf(request), request.headers)
    if (options.isClosing()) {
      void reply.header('connection', 'close')
      done(new ServiceUnavailable('The service is shutting down; retry on another instance'))
    } else done()
  })
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode
    const ms = reply.elapsedTime
    const error = request[ERROR]
    const operationId = request[OPERATION]
    if (options.metrics) {
      httpInFlight.dec()
      httpDuration.observe({ operation: operationId ?? 'unmatched', method: methodLabel(request.method), status_class: `${Math.floor(status / 100)}xx` }, ms / 1000)
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
    done()
  })
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
  return (request.routeOptions.config as { route?: string }).route ?? request.routeOptions.url ?? 'unmatched'
}

function infoEnabled(log: FastifyRequest['log']): boolean {
  return (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info') ?? true
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
