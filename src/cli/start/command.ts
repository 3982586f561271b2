import { createApp, type MacaronApp } from '../../app.js'
import { describeStartupError } from '../startup-error.js'

export interface StartOptions {
  port?: string
  host?: string
  env?: string
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
  let app: MacaronApp
  try {
    app = await createApp({ dir, overrides, ...(options.env ? { env: options.env } : {}) })
  } catch (error) {
    process.stderr.write(describeStartupError(error) + '\n')
    return 1
  }
  const url = await app.listen()
  app.server.log.info({ url, env: app.config.env, apis: app.apis.map((a) => a.name) }, `${app.config.name} listening on ${url}`)
  await waitForSignal(app)
  return 0
}

/** Resolves once a signal has drained the server (or the shutdown timeout has passed). */
function waitForSignal(app: MacaronApp): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
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
