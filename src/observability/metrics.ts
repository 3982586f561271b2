import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

// One registry per process: Prometheus scrapes a process, and metric names may only be
// registered once. Labels are bounded sets (operationId, method, status class, error
// code, model, task name) — never raw paths or user ids, whose cardinality is unbounded.
export const registry = new Registry()
collectDefaultMetrics({ register: registry, prefix: 'macaron_' })

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export const httpDuration = new Histogram({
  name: 'macaron_http_request_duration_seconds',
  help: 'Time from request received to response sent, by operation, method and status class',
  labelNames: ['operation', 'method', 'status_class'] as const,
  buckets: SECONDS,
  registers: [registry],
})

/**
 * Requests in flight: a plain number on the request path, read into the gauge when it is
 * scraped (prom-client's inc/dec build and hash a labels object on every call).
 */
export const httpInFlight = {
  count: 0,
  inc(): void {
    this.count++
  },
  dec(): void {
    this.count--
  },
}

new Gauge({
  name: 'macaron_http_requests_in_flight',
  help: 'Requests received and not yet answered',
  registers: [registry],
  collect() {
    this.set(httpInFlight.count)
  },
})

export const errorsTotal = new Counter({
  name: 'macaron_errors_total',
  help: 'Error responses by error code',
  labelNames: ['code', 'status'] as const,
  registers: [registry],
})

export const persistenceDuration = new Histogram({
  name: 'macaron_persistence_operation_duration_seconds',
  help: 'Persistence calls by model, operation (load, save, query ...) and outcome (ok, not_found, conflict, error)',
  labelNames: ['model', 'operation', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
})

export const clientDuration = new Histogram({
  name: 'macaron_client_request_duration_seconds',
  help: 'Calls to other services (typed clients), retries included, by API, operation and outcome (2xx, 4xx, 5xx, timeout, unreachable, bad_response)',
  labelNames: ['api', 'operation', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
})

export const taskDuration = new Histogram({
  name: 'macaron_task_duration_seconds',
  help: 'Background task runs by task name and outcome (ok, failed, retried)',
  labelNames: ['task', 'outcome'] as const,
  buckets: [...SECONDS, 30, 60, 300],
  registers: [registry],
})

export const tasksEnqueued = new Counter({
  name: 'macaron_tasks_enqueued_total',
  help: 'Background tasks enqueued by task name',
  labelNames: ['task'] as const,
  registers: [registry],
})

export const tasksFailed = new Counter({
  name: 'macaron_tasks_failed_total',
  help: 'Background tasks that failed their last attempt (reported to the crash reporter), by task name',
  labelNames: ['task'] as const,
  registers: [registry],
})

export const crashReports = new Counter({
  name: 'macaron_crash_reports_total',
  help: 'Crash reports by reporter and outcome (sent, suppressed by the rate limit, failed)',
  labelNames: ['reporter', 'outcome'] as const,
  registers: [registry],
})

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** A method label from a bounded set: anything exotic is OTHER. */
export function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'OTHER'
}

/** Times one persistence call into the histogram; the outcome is decided by the caller. */
export async function timePersistence<T>(model: string, operation: string, call: () => Promise<T>, outcomeOf: (error: unknown) => string = () => 'error'): Promise<T> {
  const end = persistenceDuration.startTimer({ model, operation })
  try {
    const result = await call()
    end({ outcome: 'ok' })
    return result
  } catch (error) {
    end({ outcome: outcomeOf(error) })
    throw error
  }
}
