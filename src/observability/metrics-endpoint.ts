import { timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { ConfigError } from '../config/load.js'
import type { MacaronConfig } from '../config/schema.js'
import { registry } from './metrics.js'

/**
 * /metrics in Prometheus text format, on the service's port or on a port of its own
 * (metrics.port, so that it need not be exposed with the API), optionally behind a bearer
 * token held in an env_secrets variable.
 */
export function metricsAccess(config: MacaronConfig): { path: string; allowed: (authorization: string | undefined) => boolean } {
  const { path, token_secret: secretName } = config.metrics
  if (secretName === undefined) return { path, allowed: () => true }
  const token = config.secrets[secretName]
  if (token === undefined) throw new ConfigError([`metrics.token_secret names ${secretName}, which is not listed in env_secrets`])
  const expected = Buffer.from(`Bearer ${token}`)
  return {
    path,
    allowed: (authorization) => {
      const given = Buffer.from(authorization ?? '')
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}

export function registerMetricsRoute(fastify: FastifyInstance, config: MacaronConfig): void {
  const access = metricsAccess(config)
  fastify.get(access.path, async (request, reply) => {
    if (!access.allowed(request.headers.authorization)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('metrics need a token\n')
    }
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}

/** A separate HTTP server for metrics.port; nothing else is served there. */
export async function startMetricsServer(config: MacaronConfig, host: string): Promise<Server> {
  const access = metricsAccess(config)
  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] !== access.path || request.method !== 'GET') return void response.writeHead(404).end()
    if (!access.allowed(request.headers.authorization)) return void response.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end()
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    )
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.metrics.port, host, resolve))
  return server
}
