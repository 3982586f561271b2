import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { TaskQueueFull, TaskQueueUnavailable } from '../errors.js'
import { backoffDelay, nextCronTime } from '../schedule.js'
import type { EnqueueOptions, FailedJob, JobData, JobQueue, ResolvedTask, RunJob } from '../types.js'

interface Job {
  id: string
  task: ResolvedTask
  data: JobData
  attempt: number
}

const MAX_TIMER_MS = 2 ** 31 - 1
// Ids of completed jobs remembered, so that an enqueue repeating a jobId is still a no-op.
const COMPLETED_IDS = 10_000
// Job ids are unique per task, as BullMQ's are per queue.
const keyOf = (task: string, id: string) => `${task}\u0000${id}`

/**
 * Tasks run in this process: per task at most `concurrency` at once, retried with backoff,
 * and drained by close(). What it cannot do (docs/tasks.md, "Limits"): survive the process
 * — a crash or kill loses every queued job; delayed jobs and cron runs not yet due when the
 * process stops are dropped; no other process sees or runs its jobs.
 */
export class InProcessQueue implements JobQueue {
  readonly backend = 'inprocess'
  private readonly waiting = new Map<string, Job[]>()
  private readonly running = new Map<string, number>()
  private readonly live = new Set<string>()
  private readonly completed = new Set<string>()
  private readonly failedJobs: Array<FailedJob & { job: Job }> = []
  // Timers of delayed jobs (with their key) and of cron runs (without): dropped at shutdown.
  private readonly timers = new Map<NodeJS.Timeout, string | undefined>()
  private readonly retrying = new Map<NodeJS.Timeout, string | undefined>()
  private readonly tasks = new Map<string, ResolvedTask>()
  private run: RunJob | undefined
  private closing = false
  private idle: (() => void) | undefined

  constructor(
    private readonly limits: { maxPending: number; keepFailed: number },
    private readonly log: Logger,
  ) {}

  async enqueue(task: ResolvedTask, data: JobData, options: EnqueueOptions): Promise<string> {
    if (this.closing) throw new TaskQueueUnavailable('the service is shutting down and takes no new tasks')
    if (options.jobId !== undefined && (this.live.has(keyOf(task.name, options.jobId)) || this.completed.has(keyOf(task.name, options.jobId)))) return options.jobId
    if (this.live.size >= this.limits.maxPending) throw new TaskQueueFull(`${this.live.size} tasks are waiting or running in this process (jobs.max_pending)`)
    const job: Job = { id: options.jobId ?? randomUUID(), task, data: structuredClone(data), attempt: 0 }
    const key = keyOf(task.name, job.id)
    this.live.add(key)
    if (options.delay && options.delay > 0) this.later(options.delay, this.timers, key, () => this.push(job))
    else this.push(job)
    return job.id
  }

  async work(tasks: ResolvedTask[], run: RunJob): Promise<void> {
    this.run = run
    for (const task of tasks) {
      const known = this.tasks.has(task.name)
      this.tasks.set(task.name, task)
      if (task.schedule && !known) await this.scheduleNext(task)
      this.pump(task.name)
    }
  }

  async failed(limit: number): Promise<FailedJob[]> {
    return this.failedJobs.slice(-limit).reverse().map(({ job: _job, ...info }) => info)
  }

  async retry(ids?: string[]): Promise<number> {
    const chosen = this.failedJobs.filter((f) => !ids || ids.includes(f.id))
    for (const f of chosen) {
      this.failedJobs.splice(this.failedJobs.indexOf(f), 1)
      this.live.add(keyOf(f.task, f.id))
      this.push({ ...f.job, attempt: 0 })
    }
    return chosen.length
  }

  async check(): Promise<void> {
    if (this.closing) throw new Error('shutting down')
  }

  async close(): Promise<void> {
    this.closing = true
    if (this.timers.size > 0) this.log.warn({ dropped: this.timers.size }, 'shutdown: delayed and scheduled tasks not yet due are dropped (in-process queue)')
    for (const [timer, id] of this.timers) {
      clearTimeout(timer)
      if (id !== undefined) this.live.delete(id)
    }
    this.timers.clear()
    if (this.live.size === 0 || !this.run) return
    this.log.info({ tasks: this.live.size }, 'shutdown: waiting for queued and running tasks')
    await new Promise<void>((resolve) => (this.idle = resolve))
  }

  private push(job: Job): void {
    const queue = this.waiting.get(job.task.name)
    if (queue) queue.push(job)
    else this.waiting.set(job.task.name, [job])
    this.pump(job.task.name)
  }

  private pump(name: string): void {
    const run = this.run
    const queue = this.waiting.get(name)
    if (!run || !queue) return
    const limit = this.tasks.get(name)?.concurrency ?? queue[0]?.task.concurrency ?? 1
    while (queue.length > 0 && (this.running.get(name) ?? 0) < limit) {
      const job = queue.shift()!
      this.running.set(name, (this.running.get(name) ?? 0) + 1)
      void this.attempt(job, run).finally(() => {
        this.running.set(name, (this.running.get(name) ?? 1) - 1)
        this.pump(name)
        this.settleIfIdle()
      })
    }
  }

  private async attempt(job: Job, run: RunJob): Promise<void> {
    job.attempt++
    const final = job.attempt >= job.task.attempts
    try {
      await run(job.data, { id: job.id, task: job.task.name, attempt: job.attempt }, final)
      this.finish(job)
    } catch (error) {
      if (!final) return this.later(backoffDelay(job.task.backoff, job.attempt), this.retrying, keyOf(job.task.name, job.id), () => this.push(job))
      this.finish(job)
      this.failedJobs.push({ id: job.id, task: job.task.name, attempts: job.attempt, reason: error instanceof Error ? error.message : String(error), failedAt: Date.now(), requestId: job.data.context.requestId, job })
      if (this.failedJobs.length > this.limits.keepFailed) this.failedJobs.shift()
    }
  }

  private finish(job: Job): void {
    const key = keyOf(job.task.name, job.id)
    this.live.delete(key)
    this.completed.add(key)
    if (this.completed.size > COMPLETED_IDS) this.completed.delete(this.completed.values().next().value!)
  }

  private settleIfIdle(): void {
    if (this.idle && this.live.size === 0) this.idle()
  }

  /** Runs `fn` after `ms`, in steps for delays beyond what one timer holds. */
  private later(ms: number, set: Map<NodeJS.Timeout, string | undefined>, id: string | undefined, fn: () => void): void {
    const timer = setTimeout(() => {
      set.delete(timer)
      if (ms > MAX_TIMER_MS) this.later(ms - MAX_TIMER_MS, set, id, fn)
      else fn()
    }, Math.min(ms, MAX_TIMER_MS))
    // A cron timer alone does not keep the process alive; a job waiting for its time does.
    if (id === undefined) timer.unref()
    set.set(timer, id)
  }

  private async scheduleNext(task: ResolvedTask): Promise<void> {
    const next = await nextCronTime(task.schedule!, Date.now())
    if (next === undefined || this.closing) return
    this.later(Math.max(0, next - Date.now()), this.timers, undefined, () => {
      // The time in the id makes each scheduled run a job of its own, enqueued once.
      void this.enqueue(task, { task: task.name, payload: null, context: {} }, { jobId: `${task.name}@${next}` }).catch((error: unknown) => this.log.error({ err: error, task: task.name }, 'scheduled task not enqueued'))
      void this.scheduleNext(task)
    })
  }
}
