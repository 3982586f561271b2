import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { runWithContext, type RequestContext } from '../context/index.js'
import { isApiError } from '../errors/api-error.js'
import type { CrashReporter } from '../observability/crash/reporter.js'
import { taskDuration, tasksFailed } from '../observability/metrics.js'
import { withSpan, withTraceHeaders } from '../observability/tracing.js'
import { TaskTimedOut } from './errors.js'
import { decodePayload } from './payload.js'
import type { JobData, JobInfo, ResolvedTask, RunJob } from './types.js'
import { findTask, type Task } from './task.js'

export interface RunnerDeps {
  log: Logger
  crashes: CrashReporter
  /** The task's limits with the jobs.* defaults (its timeout here). */
  resolve: (task: Task<never>) => ResolvedTask
}

/**
 * Runs one attempt of a job as its request would have: in the request's context (user,
 * token, request id for getUserId() and the logs), in a span continuing the request's
 * trace, within the task's timeout. A failed last attempt goes to the crash reporter with
 * a new error_id, which the log line carries too.
 */
export function jobRunner(deps: RunnerDeps): RunJob {
  return async (data: JobData, attempt: Omit<JobInfo, 'signal'>, final: boolean) => {
    const abort = new AbortController()
    const job: JobInfo = { ...attempt, signal: abort.signal }
    const task = findTask(data.task)
    const carried = data.context
    const requestId = carried.requestId ?? `task-${job.id}`
    const log = deps.log.child({ request_id: requestId, task: data.task, job_id: job.id, attempt: job.attempt })
    const context: RequestContext = { requestId, log, ...(carried.user ? { user: carried.user } : {}), ...(carried.token !== undefined ? { token: carried.token } : {}) }
    const end = taskDuration.startTimer({ task: data.task })
    try {
      if (!task) throw new Error(`no task named ${data.task} is defined in this process (is its module under jobs.tasks?)`)
      const timeout = deps.resolve(task).timeout
      const fn = task.fn as (payload: unknown, job: JobInfo) => unknown
      await withTraceHeaders(carried.trace, () =>
        withSpan(`task ${data.task}`, { 'macaron.task': data.task, 'macaron.job_id': job.id, 'macaron.attempt': job.attempt }, () =>
          runWithContext(context, () => withTimeout(async () => fn(decodePayload(data.payload), job), timeout, data.task, abort)),
        ),
      )
      end({ outcome: 'ok' })
      log.debug('task done')
    } catch (error) {
      end({ outcome: final ? 'failed' : 'retried' })
      if (!final) {
        log.warn({ err: error }, `task ${data.task} failed; it will be retried`)
        throw error
      }
      tasksFailed.inc({ task: data.task })
      const errorId = randomUUID()
      log.error({ err: error, error_id: errorId }, `task ${data.task} failed its last attempt`)
      deps.crashes.report({
        kind: 'task',
        error_id: errorId,
        code: isApiError(error) ? error.code : 'TASK_FAILED',
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
        ...(carried.user ? { user_id: carried.user.id } : {}),
        task: { name: data.task, id: job.id, attempt: job.attempt },
      })
      throw error
    }
  }
}

async function withTimeout(fn: () => Promise<unknown>, ms: number, name: string, abort: AbortController): Promise<unknown> {
  if (ms <= 0) return fn()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TaskTimedOut(`task ${name} ran longer than ${ms} ms`)
      // The attempt counts as failed now; the function is told, but only it can stop itself.
      abort.abort(error)
      reject(error)
    }, ms)
  })
  try {
    return await Promise.race([fn(), timeout])
  } finally {
    clearTimeout(timer)
  }
}
