import { currentContext } from '../context/index.js'
import { isApiError } from '../errors/api-error.js'
import { timePersistence } from '../observability/metrics.js'
import { now } from '../observability/timings.js'
import { withSpan } from '../observability/tracing.js'
import { DatabaseUnavailable } from './errors.js'
import { StoreUnavailable } from './store.js'

const OUTCOMES: Record<string, string> = { ITEM_NOT_FOUND: 'not_found', ITEM_ALREADY_EXISTS: 'conflict', VERSION_CONFLICT: 'conflict', TRANSACTION_CONFLICT: 'conflict' }

/**
 * Runs one model-level persistence call (load, save, query ...) timed into the
 * persistence histogram, inside a span, and counted into the request's `persistence`
 * stage time. A StoreUnavailable from the backend leaves as DATABASE_UNAVAILABLE 503.
 */
export async function persistenceCall<T>(model: string, operation: string, table: string, backend: string, fn: () => Promise<T>): Promise<T> {
  const stages = currentContext()?.stages
  const start = now()
  try {
    return await timePersistence(
      model,
      operation,
      () =>
        withSpan(`${operation} ${model}`, { 'db.system': backend, 'db.operation.name': operation, 'db.collection.name': table, 'macaron.model': model }, async () => {
          try {
            return await fn()
          } catch (error) {
            if (error instanceof StoreUnavailable || (error as Error)?.name === 'StoreUnavailable') {
              throw new DatabaseUnavailable('The database is unavailable; retry later', { cause: error })
            }
            throw error
          }
        }),
      (error) => (isApiError(error) ? (OUTCOMES[error.code] ?? 'error') : 'error'),
    )
  } finally {
    if (stages) stages.persistence += now() - start
  }
}
