import { SpanKind, trace } from '@opentelemetry/api'
import { currentContext, getRequestId, getToken } from '../context/index.js'
import { isApiError } from '../errors/api-error.js'
import { clientDuration } from '../observability/metrics.js'
import { traceHeaders, withSpan } from '../observability/tracing.js'
import type { Operation } from '../pipeline/operations.js'
import { UpstreamTimeout, UpstreamUnavailable } from './errors.js'
import { encodeBody } from './request-body.js'
import { settle, type Received } from './response.js'
import { backoffDelay, isRetryableStatus, pause, retryAfterMs } from './retry.js'
import type { Target } from './target.js'
import type { UntypedInit } from './types.js'

type Outcome = { kind: 'response'; received: Received } | { kind: 'timeout' } | { kind: 'unreachable'; error: unknown }

/** One call of an operation: attempts (retried when idempotent), inside one client span. */
export function callOperation(target: Target, op: Operation, init: UntypedInit): Promise<unknown> {
  const retries = target.retryMethods.has(op.method) ? (init.retries ?? target.retries) : 0
  const timeoutMs = init.timeoutMs ?? target.timeoutMs
  const attributes = { 'http.request.method': op.method, 'url.template': op.path, 'server.address': target.address, 'macaron.client.api': target.api.name, 'macaron.operation_id': op.operationId }
  const started = performance.now()
  const observe = (outcome: string) => clientDuration.observe({ api: target.api.name, operation: op.operationId, outcome }, (performance.now() - started) / 1000)
  return withSpan(`${op.method} ${op.path}`, attributes, async () => {
    const span = trace.getActiveSpan()
    for (let attempt = 0; ; attempt++) {
      const outcome = await attemptOnce(target, op, init, timeoutMs)
      if (outcome.kind === 'response') span?.setAttribute('http.response.status_code', outcome.received.status)
      const again = attempt < retries && (outcome.kind !== 'response' || isRetryableStatus(outcome.received.status))
      if (!again) {
        let label = outcome.kind === 'response' ? `${Math.floor(outcome.received.status / 100)}xx` : outcome.kind
        try {
          return conclude(target, op, outcome, timeoutMs, attempt + 1)
        } catch (error) {
          if (isApiError(error) && error.code === 'UPSTREAM_BAD_RESPONSE') label = 'bad_response'
          throw error
        } finally {
          observe(label)
        }
      }
      // The service's Retry-After wins over the jitter, within the backoff's bound.
      const asked = outcome.kind === 'response' ? outcome.received.retryAfterMs : undefined
      const delay = asked === undefined ? backoffDelay(attempt, target.backoff) : Math.min(asked, target.backoff.maxMs)
      currentContext()?.log.debug({ api: target.api.name, operationId: op.operationId, attempt: attempt + 1, outcome: outcome.kind === 'response' ? outcome.received.status : outcome.kind, delay_ms: Math.round(delay) }, 'client call retried')
      span?.setAttribute('http.request.resend_count', attempt + 1)
      await pause(delay, init.signal)
    }
  }, SpanKind.CLIENT)
}

async function attemptOnce(target: Target, op: Operation, init: UntypedInit, timeoutMs: number): Promise<Outcome> {
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout
  const encoded = encodeBody(op, init.body)
  try {
    const { data, error, response } = await target.http.request(op.method.toLowerCase() as 'get', op.path as never, {
      params: { path: init.params, query: init.query, header: init.headers },
      ...(encoded ? { body: encoded.body } : {}),
      bodySerializer: (body: unknown) => body,
      headers: outgoingHeaders(encoded?.contentType, init.extraHeaders),
      signal,
      parseAs: 'text',
    } as never)
    // openapi-fetch parses error bodies as JSON when it can: back to text, read once by settle().
    const raw: unknown = data ?? error
    const text = raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw)
    const retryAfter = retryAfterMs(response.headers.get('retry-after'))
    return { kind: 'response', received: { status: response.status, contentType: response.headers.get('content-type') ?? undefined, text, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) } }
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason
    return timeout.aborted ? { kind: 'timeout' } : { kind: 'unreachable', error }
  }
}

/** The caller's token and request id and the trace go on to the called service; explicit headers win. */
function outgoingHeaders(contentType: string | undefined, extra: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  const token = getToken()
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  const requestId = getRequestId()
  if (requestId !== undefined) headers['x-request-id'] = requestId
  traceHeaders(headers)
  if (contentType !== undefined) headers['content-type'] = contentType
  return { ...headers, ...extra }
}

function conclude(target: Target, op: Operation, outcome: Outcome, timeoutMs: number, attempts: number): unknown {
  const what = `${target.api.name} ${op.operationId} (${target.address})`
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`
  if (outcome.kind === 'timeout') throw new UpstreamTimeout(`${what} did not answer within ${timeoutMs} ms (${tries})`)
  if (outcome.kind === 'unreachable') throw new UpstreamUnavailable(`${what} could not be reached (${tries})`, { cause: outcome.error })
  return settle(op, target.project.store, outcome.received)
}
