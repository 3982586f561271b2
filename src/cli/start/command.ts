import { createApp, type MacaronApp } from '../../app.js'
import { describeStartupError } from '../startup-error.js'
import { regenerateBeforeStart } from '../generate/command.js'
import { isPrimary, leaveCluster, parseWorkers, runPrimary } from './cluster.js'

export interface StartOptions {
  port?: string
  host?: string
  env?: string
  /** Worker processes (node:cluster); without it the service runs in this one process. */
  workers?: string
  /** Unbound operations answer with examples from the spec (config `mock`). */
  mock?: boolean
  /** `macaron dev`: pretty logs, and the generated types are created when missing. */
  dev?: boolean
}

/** `macaron start`: build the app, listen, and shut down gracefully on SIGTERM/SIGINT. */
export async function startCommand(dir: string, options: StartOptions): Promise<number> {
  const overrides: Record<string, unknown> = {}
  if (options.port !== undefined) {
    const port = Number(options.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`macaron start: --port must be an integer from 0 to 65535, not '${options.port}'\n`)
      return 2
    }
    overrides.port = port
  }
  if (options.host !== undefined) overrides.host = options.host
  if (options.mock) overrides.mock = true
  if (options.dev) overrides.log = { pretty: true }
  if (isPrimary()) await regenerateBeforeStart(dir, { overrides, create: options.dev === true, ...(options.env ? { env: options.env } : {}) })
  if (options.workers !== undefined && isPrimary()) {
    const workers = parseWorkers(options.workers)
    if (workers === undefined) {
      process.stderr.write(`macaron start: --workers must be an integer from 1 to 512 or 'auto', not '${options.workers}'\n`)
      return 2
    }
    return runPrimary(dir, { workers, overrides, ...(options.env ? { env: options.env } : {}) })
  }
  let app: MacaronApp
  try {
    app = await createApp({ dir, overrides, ...(options.env ? { env: options.env } : {}) })
  } catch (error) {
    process.stderr.write(describeStartupError(error) + '\n')
    leaveCluster()
    return 1
  }
  const url = await app.listen()
  app.server.log.info({ url, env: app.config.env, apis: app.apis.map((a) => a.name) }, `${app.config.name} listening on ${url}`)
  await waitForSignal(app)
  leaveCluster()
  return 0
}

/** Resolves once a signal has drained the server (or the shutdown timeout has passed). */
function waitForSignal(app: MacaronApp): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false
    const stop = (signal: string) => {
      // Ctrl+C reaches a cluster's workers twice: from the terminal and from the primary.
      if (stopping) return
      stopping = true
      app.server.log.info({ signal }, 'shutting down: draining in-flight requests')
      const timer = setTimeout(() => {
        app.server.log.error({ timeout_ms: app.config.shutdown_timeout_ms }, 'shutdown timed out; exiting with requests still open')
        process.exit(1)
      }, app.config.shutdown_timeout_ms)
      timer.unref()
      app.close().then(
        () => resolve(),
        (error: unknown) => {
          app.server.log.error({ err: error }, 'error while shutting down')
          resolve()
        },
      )
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
}
