import { randomUUID } from 'node:crypto'
import { currentContext } from '../context/index.js'
import type { JobsConfig } from '../config/jobs.js'
import { isApiError } from '../errors/api-error.js'
import { tasksEnqueued } from '../observability/metrics.js'
import { traceHeaders } from '../observability/tracing.js'
import { encodePayload } from './payload.js'
import { jobRunner, type RunnerDeps } from './run.js'
import { definedTasks, type Task } from './task.js'
import type { CarriedContext, EnqueueOptions, JobData, JobQueue, ResolvedTask } from './types.js'

/**
 * The tasks of one app: its queue, the defaults of macaron.yaml, and the jobs that
 * asyncTask() holds back until their request's response has been sent.
 */
export class Jobs {
  private working = false
  /** Jobs deferred to after a response not yet closed. */
  private held = 0

  constructor(
    readonly queue: JobQueue,
    private readonly config: JobsConfig,
    private readonly deps: Omit<RunnerDeps, 'resolve'>,
  ) {}

  private runner() {
    return jobRunner({ ...this.deps, resolve: (task) => this.resolve(task) })
  }

  /** The task's options with the jobs.* defaults filled in. */
  resolve(task: Task<never>): ResolvedTask {
    const o = task.options
    const backoff = o.backoff === undefined ? { type: 'exponential' as const, delay: this.config.backoff_ms } : typeof o.backoff === 'number' ? { type: 'fixed' as const, delay: o.backoff } : o.backoff
    return { name: task.name, attempts: o.attempts ?? this.config.attempts, backoff, timeout: o.timeout ?? this.config.timeout_ms, concurrency: o.concurrency ?? this.config.concurrency, schedule: o.schedule }
  }

  async enqueue(task: Task<never>, payload: unknown, options: EnqueueOptions): Promise<string> {
    return this.add(task, { task: task.name, payload: encodePayload(payload), context: carriedContext() }, options)
  }

  /**
   * Holds the job (encoded now, with the caller's context) until the response of the request
   * being served has been sent, or the client went away ('close' covers both); outside a
   * request, or once its response is gone, enqueues it now. Nothing is tracked per request
   * unless a task is actually deferred.
   */
  async afterResponse(task: Task<never>, payload: unknown): Promise<void> {
    const data: JobData = { task: task.name, payload: encodePayload(payload), context: carriedContext() }
    const response = currentContext()?.response
    if (response === undefined || response.closed) {
      await this.add(task, data, {})
      return
    }
    this.held++
    response.once('close', () => {
      this.held--
      this.add(task, data, {}).catch((error: unknown) => {
        const errorId = randomUUID()
        this.deps.log.error({ err: error, request_id: data.context.requestId, task: data.task, error_id: errorId }, `task ${data.task} could not be enqueued after the response`)
        this.deps.crashes.report({ kind: 'task', error_id: errorId, code: isApiError(error) ? error.code : 'TASK_QUEUE_UNAVAILABLE', message: error instanceof Error ? error.message : String(error), task: { name: data.task } })
      })
    })
  }

  /** Starts running jobs in this process: every task defined so far, and those defined later. */
  async work(): Promise<void> {
    this.working = true
    await this.queue.work(definedTasks().map((t) => this.resolve(t)), this.runner())
  }

  /** Called by defineTask: a task defined after work() started runs too. */
  defined(task: Task<never>): void {
    if (!this.working) return
    this.queue.work([this.resolve(task)], this.runner()).catch((error: unknown) => this.deps.log.error({ err: error, task: task.name }, `task ${task.name} cannot run`))
  }

  async close(): Promise<void> {
    // Every response has been sent (or abandoned) by now, so every held job has gone to the
    // queue; a job held still would mean a response that never closed.
    if (this.held > 0) this.deps.log.warn({ held: this.held }, `${this.held} task(s) deferred to after a response that never closed were not enqueued`)
    // Still the active one while draining: a running task that enqueues gets TASK_QUEUE_UNAVAILABLE.
    await this.queue.close()
    if (active === this) active = undefined
  }

  private async add(task: Task<never>, data: JobData, options: EnqueueOptions): Promise<string> {
    // The queue turns an unreachable store into TASK_QUEUE_UNAVAILABLE; anything else (a bad jobId) is a bug, a 500.
    const id = await this.queue.enqueue(this.resolve(task), data, options)
    tasksEnqueued.inc({ task: task.name })
    return id
  }
}

function carriedContext(): CarriedContext {
  const context = currentContext()
  const trace = traceHeaders()
  return {
    ...(context ? { requestId: context.requestId } : {}),
    ...(context?.user ? { user: context.user } : {}),
    ...(context?.token !== undefined ? { token: context.token } : {}),
    ...(Object.keys(trace).length > 0 ? { trace } : {}),
  }
}

// The app created last owns the tasks of the process, as it owns the model registry.
let active: Jobs | undefined

export function setActiveJobs(jobs: Jobs): void {
  active = jobs
}

export function activeJobs(): Jobs | undefined
export function activeJobs(forTask: string): Jobs
export function activeJobs(forTask?: string): Jobs | undefined {
  if (!active && forTask !== undefined) throw new Error(`task ${forTask}: no app is running its tasks; createApp() (or macaron start / macaron worker) sets up the queue`)
  return active
}
