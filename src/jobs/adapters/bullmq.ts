import { Queue, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { TaskQueueUnavailable } from '../errors.js'
import type { EnqueueOptions, FailedJob, JobData, JobQueue, ResolvedTask, RunJob } from '../types.js'

export interface BullQueueOptions {
  url: string
  /** Key prefix of every queue (a service, or a test run). */
  prefix: string
  connectTimeoutMs: number
  keepFailed: number
  /** How long a worker holds a job without renewing its lock before another worker may take it. */
  lockMs: number
  /** The names of the tasks whose queues `failed` and `retry` look at. */
  taskNames: () => string[]
}

// Completed jobs are kept a day (10,000 at most per task) so an enqueue repeating their jobId stays a no-op.
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 }

/**
 * Tasks on Redis with BullMQ: one queue per task, workers in `macaron worker` processes.
 * Enqueueing never waits for Redis: the producer connection has no offline queue and a
 * bounded connect timeout, so a request that enqueues while Redis is away gets 503
 * TASK_QUEUE_UNAVAILABLE within jobs.redis.connect_timeout_ms instead of hanging.
 */
export class BullQueue implements JobQueue {
  readonly backend = 'bullmq'
  private readonly producer: Redis
  private consumer: Redis | undefined
  private readonly queues = new Map<string, Queue>()
  private readonly workers = new Map<string, Worker>()

  constructor(
    private readonly options: BullQueueOptions,
    private readonly log: Logger,
  ) {
    this.producer = this.connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  }

  async enqueue(task: ResolvedTask, data: JobData, options: EnqueueOptions): Promise<string> {
    const queue = this.queue(task.name)
    try {
      const job = await this.bounded(
        queue.add(task.name, data, {
          ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
          ...(options.delay ? { delay: options.delay } : {}),
          attempts: task.attempts,
          backoff: task.backoff,
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: { count: this.options.keepFailed },
        }),
      )
      return job.id!
    } catch (error) {
      if (this.producer.status === 'ready' && !(error instanceof TaskQueueUnavailable)) throw error
      // A queue created while Redis was away keeps its failed start-up: make a new one next time.
      this.queues.delete(task.name)
      void queue.close().catch(() => undefined)
      throw error instanceof TaskQueueUnavailable ? error : new TaskQueueUnavailable(`task ${task.name} could not be enqueued: Redis is unreachable`, { cause: error })
    }
  }

  async work(tasks: ResolvedTask[], run: RunJob): Promise<void> {
    this.consumer ??= this.connect({ maxRetriesPerRequest: null })
    for (const task of tasks) {
      if (this.workers.has(task.name)) continue
      const worker = new Worker<JobData>(task.name, (job) => this.process(job, run), {
        connection: this.consumer,
        prefix: this.options.prefix,
        concurrency: task.concurrency,
        lockDuration: this.options.lockMs,
        stalledInterval: this.options.lockMs,
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: { count: this.options.keepFailed },
      })
      worker.on('error', (error) => this.log.warn({ err: error, task: task.name }, 'task worker error'))
      this.workers.set(task.name, worker)
      // Redis follows the code: a schedule removed from a task stops producing jobs once a worker starts.
      if (task.schedule) {
        await this.queue(task.name).upsertJobScheduler(task.name, { pattern: task.schedule, tz: 'UTC' }, { name: task.name, data: { task: task.name, payload: null, context: {} }, opts: { attempts: task.attempts, backoff: task.backoff } })
      } else await this.queue(task.name).removeJobScheduler(task.name)
    }
    await Promise.all([...this.workers.values()].map((w) => w.waitUntilReady()))
  }

  async failed(limit: number): Promise<FailedJob[]> {
    const jobs = (await Promise.all(this.options.taskNames().map((name) => this.queue(name).getFailed(0, limit - 1)))).flat()
    jobs.sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
    return jobs.slice(0, limit).map((job) => ({ id: job.id!, task: job.name, attempts: job.attemptsMade, reason: job.failedReason, failedAt: job.finishedOn, requestId: (job.data as JobData).context?.requestId }))
  }

  async retry(ids?: string[]): Promise<number> {
    let count = 0
    for (const name of this.options.taskNames()) {
      for (const job of await this.queue(name).getFailed(0, -1)) {
        if (ids && !ids.includes(job.id!)) continue
        await job.retry('failed')
        count++
      }
    }
    return count
  }

  /** Waits (within the connect timeout) for Redis to be connected, then pings it. */
  async check(): Promise<void> {
    if (this.producer.status !== 'ready') {
      let onReady: () => void = () => undefined
      try {
        await this.bounded(new Promise<void>((resolve) => this.producer.once('ready', (onReady = resolve))))
      } finally {
        // A probe every few seconds while Redis is away must not pile up listeners.
        this.producer.off('ready', onReady)
      }
    }
    await this.bounded(this.producer.ping())
  }

  async close(): Promise<void> {
    // Worker.close() waits for the jobs it is running; what is queued stays in Redis.
    await Promise.all([...this.workers.values()].map((w) => w.close()))
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)))
    for (const connection of [this.producer, this.consumer]) connection?.disconnect()
  }

  private async process(job: Job<JobData>, run: RunJob): Promise<void> {
    const attempt = job.attemptsMade + 1
    await run(job.data, { id: job.id!, task: job.name, attempt }, attempt >= (job.opts.attempts ?? 1))
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name)
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.options.prefix, skipWaitingForReady: true })
      queue.on('error', () => undefined)
      this.queues.set(name, queue)
    }
    return queue
  }

  private connect(extra: { enableOfflineQueue?: boolean; maxRetriesPerRequest: number | null }): Redis {
    const connection = new Redis(this.options.url, { connectTimeout: this.options.connectTimeoutMs, retryStrategy: (times) => Math.min(times * 200, 2000), ...extra })
    let down = false
    connection.on('error', (error: Error) => {
      if (!down) this.log.warn({ err: error }, 'task queue: Redis unreachable; reconnecting')
      down = true
    })
    connection.on('ready', () => {
      if (down) this.log.info('task queue: Redis reachable again')
      down = false
    })
    return connection
  }

  /** Fails with TASK_QUEUE_UNAVAILABLE when Redis has not answered within the connect timeout. */
  private async bounded<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TaskQueueUnavailable(`Redis did not answer within ${this.options.connectTimeoutMs} ms`)), this.options.connectTimeoutMs)
    })
    try {
      return await Promise.race([call, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
