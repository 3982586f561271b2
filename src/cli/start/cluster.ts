import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { loadConfig } from '../../config/load.js'
import { createLogger } from '../../observability/logger.js'
import { describeStartupError } from '../startup-error.js'

export interface ClusterOptions {
  workers: number
  env?: string
  overrides: Record<string, unknown>
}

// A worker that crashes again and again is restarted more slowly, not in a tight loop.
const RESTART_WINDOW_MS = 10_000
const SLOW_RESTART_MS = 1_000

/** `--workers N|auto`: a count from 1 to 512, or the cores available; undefined when invalid. */
export function parseWorkers(text: string): number | undefined {
  if (text === 'auto') return availableParallelism()
  const n = Number(text)
  return Number.isInteger(n) && n >= 1 && n <= 512 ? n : undefined
}

/**
 * The primary of `macaron start --workers N`: forks N workers that each build the app and
 * listen on the same port (node:cluster shares it), replaces a worker that dies, and on
 * SIGTERM/SIGINT asks every worker to drain and waits for them all. The primary loads only
 * the configuration, not the APIs: the workers do that, each for itself.
 * Resolves to the exit code.
 */
export async function runPrimary(dir: string, options: ClusterOptions): Promise<number> {
  let config
  try {
    config = loadConfig(dir, { overrides: options.overrides, ...(options.env ? { env: options.env } : {}) })
  } catch (error) {
    process.stderr.write(describeStartupError(error) + '\n')
    return 1
  }
  const log = createLogger(config).child({ role: 'primary' })
  const alive = new Set<Worker>()
  const listening = new Set<Worker>()
  const restarts: number[] = []
  let stopping = false
  let failed = false

  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (alive.size === 0) resolve(failed ? 1 : 0)
    }
    const fork = () => {
      const worker = cluster.fork()
      alive.add(worker)
      worker.once('listening', () => {
        listening.add(worker)
        log.info({ worker_pid: worker.process.pid, workers: listening.size }, 'worker listening')
      })
    }
    cluster.on('exit', (worker, code, signal) => {
      alive.delete(worker)
      const started = listening.delete(worker)
      if (stopping) {
        if (code !== 0) failed = true
        return finishIfDone()
      }
      if (!started) {
        // It never listened: a broken spec or config, which every other worker hits too.
        log.error({ worker_pid: worker.process.pid, code, signal }, 'a worker failed to start; stopping')
        failed = true
        return stopAll()
      }
      const now = Date.now()
      while (restarts.length > 0 && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift()
      restarts.push(now)
      const delay = restarts.length > options.workers ? SLOW_RESTART_MS : 0
      log.error({ worker_pid: worker.process.pid, code, signal, restart_in_ms: delay }, 'worker died; starting a replacement')
      setTimeout(() => stopping || fork(), delay)
    })
    const stopAll = (signal?: string) => {
      if (stopping) return
      stopping = true
      if (signal) log.info({ signal, workers: alive.size }, 'shutting down: every worker drains its in-flight requests')
      for (const worker of alive) worker.process.kill('SIGTERM')
      // Workers keep to shutdown_timeout_ms themselves; this only covers one that hangs.
      setTimeout(() => {
        log.error({ timeout_ms: config.shutdown_timeout_ms }, 'workers did not stop in time; killing them')
        for (const worker of alive) worker.process.kill('SIGKILL')
      }, config.shutdown_timeout_ms + 2_000).unref()
      finishIfDone()
    }
    process.once('SIGTERM', () => stopAll('SIGTERM'))
    process.once('SIGINT', () => stopAll('SIGINT'))
    log.info({ workers: options.workers, pid: process.pid }, `starting ${options.workers} worker(s)`)
    for (let i = 0; i < options.workers; i++) fork()
  })
}

/** In a worker, once drained: let go of the primary's channel so that the process can end. */
export function leaveCluster(): void {
  if (cluster.isWorker) cluster.worker?.disconnect()
}

export const isPrimary = (): boolean => cluster.isPrimary
