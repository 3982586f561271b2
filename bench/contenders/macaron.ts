import { createApp } from 'macaron'
import { APP_DIR, HOST, type StartServer } from './types.js'

// Macaron as `macaron start bench/app` builds it: handlers bound by x-bind-server, request
// and response validation on, metrics on, log level warn (bench/app/macaron.yaml).
export const start: StartServer = async (port) => {
  const app = await createApp({ dir: APP_DIR })
  await app.listen({ port, host: HOST })
  return { close: () => app.close() }
}
