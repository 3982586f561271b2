import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Logger } from 'pino'
import type { MacaronConfig } from '../config/schema.js'
import { ConfigError } from '../config/load.js'
import type { CrashReporter } from '../observability/crash/reporter.js'
import type { Readiness } from '../observability/readiness.js'
import { importModule } from '../util/import-module.js'
import { InProcessQueue } from './adapters/inprocess.js'
import { Jobs, setActiveJobs } from './runtime.js'
import { definedTasks } from './task.js'
import type { JobQueue } from './types.js'

export interface AttachJobsOptions {
  config: MacaronConfig
  readiness: Readiness
  log: Logger
  crashes: CrashReporter
}

/**
 * Sets up the tasks of an app: imports the task modules (jobs.tasks), opens the configured
 * queue and adds its /ready check (Redis).
 * In process, jobs run here at once; on BullMQ, `macaron worker` runs them (app.jobs.work()).
 */
export async function attachJobs({ config, readiness, log, crashes }: AttachJobsOptions): Promise<Jobs> {
  await importTaskModules(resolve(config.dir, config.jobs.tasks))
  const jobs = new Jobs(await openQueue(config, log), config.jobs, { log, crashes })
  setActiveJobs(jobs)
  if (jobs.queue.backend === 'inprocess') {
    await jobs.work()
    return jobs
  }
  // The in-process queue is the process itself: only a queue elsewhere can make the service unready.
  readiness.add('tasks', () => jobs.queue.check())
  // Redis may come up later (the /ready check says so); a first request should not find it still connecting.
  await jobs.queue.check().catch((error: unknown) => log.warn({ err: error }, 'task queue: Redis is not reachable yet; enqueues answer 503 TASK_QUEUE_UNAVAILABLE until it is'))
  return jobs
}

async function openQueue(config: MacaronConfig, log: Logger): Promise<JobQueue> {
  const settings = config.jobs
  if (settings.backend === 'inprocess') return new InProcessQueue({ maxPending: settings.max_pending, keepFailed: settings.keep_failed }, log)
  const redis = settings.redis
  const url = redis.url_secret === undefined ? redis.url : config.secrets[redis.url_secret]
  if (url === undefined) throw new ConfigError([`jobs.redis.url_secret names ${redis.url_secret}, which is not listed in env_secrets`])
  // Loaded only here: a service on the in-process queue never loads BullMQ or ioredis.
  const { BullQueue } = await import('./adapters/bullmq.js')
  return new BullQueue(
    { url, prefix: redis.prefix ?? `macaron-${config.name}`, connectTimeoutMs: redis.connect_timeout_ms, keepFailed: settings.keep_failed, lockMs: redis.lock_ms, taskNames: () => definedTasks().map((t) => t.name) },
    log,
  )
}

/** Imports every module of the tasks folder, so that the tasks they define are known (cron ones too). */
async function importTaskModules(dir: string): Promise<void> {
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir).sort()) {
    if (/\.(test|spec)\.[cm]?[jt]s$|\.d\.ts$/.test(name) || !/\.[cm]?[jt]s$/.test(name)) continue
    await importModule(join(dir, name))
  }
}
