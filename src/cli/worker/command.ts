import { createApp, type MacaronApp } from '../../app.js'
import type { Server } from 'node:http'
import { startMetricsServer } from '../../observability/metrics-endpoint.js'
import { describeStartupError } from '../startup-error.js'

export interface WorkerOptions {
  env?: string
}

/** `macaron worker`: runs the jobs of every task from Redis (jobs.backend bullmq) until SIGTERM/SIGINT. */
export async function workerCommand(dir: string, options: WorkerOptions): Promise<number> {
  let app: MacaronApp
  try {
    app = await createApp({ dir, ...(options.env ? { env: options.env } : {}) })
  } catch (error) {
    process.stderr.write(describeStartupError(error) + '\n')
    return 1
  }
  const log = app.server.log
  if (app.config.jobs.backend !== 'bullmq') {
    process.stderr.write(`macaron worker: jobs.backend is '${app.config.jobs.backend}': tasks run inside \`macaron start\`; set jobs.backend: bullmq to run them in workers\n`)
    await app.close()
    return 2
  }
  await app.jobs.work()
  // A worker serves no HTTP, but its task metrics are scraped on metrics.port like the service's.
  const { metrics } = app.config
  const metricsServer: Server | undefined = metrics.enabled && metrics.port !== undefined ? await startMetricsServer(app.config, app.config.host) : undefined
  log.info({ pid: process.pid, ...(metricsServer ? { metrics_port: metrics.port } : {}) }, `${app.config.name} worker running its tasks`)
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'worker shutting down: finishing the jobs it is running')
      const timer = setTimeout(() => {
        log.error({ timeout_ms: app.config.shutdown_timeout_ms }, 'worker shutdown timed out; its running jobs will run again elsewhere')
        process.exit(1)
      }, app.config.shutdown_timeout_ms)
      timer.unref()
      metricsServer?.close()
      app.close().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'error while shutting down')
        resolve()
      })
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
  return 0
}
