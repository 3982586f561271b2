import type { User } from '../pipeline/handler-types.js'

/** How long to wait before attempt n+1: a fixed delay, or one that doubles after every failure. */
export type Backoff = number | { type: 'fixed' | 'exponential'; delay: number }

export interface TaskOptions {
  /** Runs in all, the first included (default: jobs.attempts). */
  attempts?: number
  /** Delay before a retry, in ms (default: exponential from jobs.backoff_ms). */
  backoff?: Backoff
  /** Longest run of one attempt, in ms; 0 for none (default: jobs.timeout_ms). */
  timeout?: number
  /** Runs of this task at once, per process (default: jobs.concurrency). */
  concurrency?: number
  /** A cron expression (`*\/5 * * * *`, UTC): the task also runs on this schedule, with an undefined payload. */
  schedule?: string
}

export interface EnqueueOptions {
  /** Run no earlier than this many ms from now. */
  delay?: number
  /** Enqueueing twice with one id runs the task once (while the first is kept): the way to make an enqueue idempotent. */
  jobId?: string
}

/** What a task function receives besides its payload. */
export interface JobInfo {
  id: string
  task: string
  /** 1 on the first run. */
  attempt: number
  /** Aborted when the attempt runs past its timeout: pass it to fetch() and the like so the work stops too. */
  signal: AbortSignal
}

export type TaskFunction<P> = (payload: P, job: JobInfo) => unknown

/** What is carried from the enqueueing request to the task: JSON only. */
export interface CarriedContext {
  requestId?: string
  user?: User
  token?: string
  /** W3C traceparent / tracestate of the enqueueing span. */
  trace?: Record<string, string>
}

/** A job as queues store it: the task's name, its encoded payload and the caller's context. */
export interface JobData {
  task: string
  payload: unknown
  context: CarriedContext
}

/** A job that failed its last attempt, as `macaron jobs failed` lists it. */
export interface FailedJob {
  id: string
  task: string
  attempts: number
  reason: string
  failedAt: number | undefined
  requestId: string | undefined
}

/** Limits a backend applies to one task: its options with the jobs.* defaults filled in. */
export interface ResolvedTask {
  name: string
  attempts: number
  backoff: Exclude<Backoff, number>
  timeout: number
  concurrency: number
  schedule: string | undefined
}

/** Runs one attempt of a job; throws when the attempt failed (the backend retries or gives up). */
export type RunJob = (data: JobData, job: Omit<JobInfo, 'signal'>, final: boolean) => Promise<void>

/**
 * A job queue. Both backends pass one contract suite (test/jobs/contract.ts): the same
 * enqueue, jobId, delay, retry, failure and drain behaviour, in one process or on Redis.
 */
export interface JobQueue {
  readonly backend: 'inprocess' | 'bullmq'
  /** Adds a job; resolves to its id once it is stored (throws TASK_QUEUE_UNAVAILABLE / TASK_QUEUE_FULL). */
  enqueue(task: ResolvedTask, data: JobData, options: EnqueueOptions): Promise<string>
  /** Starts running the jobs of these tasks with `run`, and their cron schedules. */
  work(tasks: ResolvedTask[], run: RunJob): Promise<void>
  /** Jobs whose last attempt failed, newest first. */
  failed(limit: number): Promise<FailedJob[]>
  /** Runs failed jobs again (all, or those ids); resolves to how many. */
  retry(ids?: string[]): Promise<number>
  /** Throws when the queue cannot take jobs (the /ready check). */
  check(): Promise<void>
  /** Stops taking jobs and waits for the running ones (and, in process, the queued ones). */
  close(): Promise<void>
}
