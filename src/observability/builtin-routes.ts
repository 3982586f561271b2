import type { FastifyInstance, FastifyRequest } from 'fastify'
import { yamlLib } from '../util/yaml-lib.js'
import type { MacaronConfig } from '../config/schema.js'
import type { LoadedApi } from '../spec/types.js'
import { ServiceUnavailable } from '../errors/http-errors.js'
import { gitCommit } from './build-info.js'
import { registerDocsPage } from './docs-page.js'
import { registerMetricsRoute } from './metrics-endpoint.js'
import type { Readiness } from './readiness.js'

export interface BuiltinOptions {
  config: MacaronConfig
  apis: LoadedApi[]
  /** Paths the spec already serves with GET: the spec wins over a built-in. */
  taken: (url: string) => boolean
  startedAt: Date
  readiness: Readiness
  /** Checks a bearer token, for /auth/version; absent when the service has no jwt keys. */
  authenticate?: ((request: FastifyRequest) => Promise<unknown>) | undefined
}

/**
 * /ping (liveness, as cheap as possible), /ready (readiness checks), /version, /metrics,
 * each API's document as JSON and YAML, and the docs page. A spec that declares one of these paths keeps it.
 */
export function registerBuiltins(fastify: FastifyInstance, options: BuiltinOptions): void {
  const { config, apis, taken } = options
  const get = (url: string, handler: () => unknown, type = 'application/json; charset=utf-8') => {
    if (taken(url)) return
    fastify.get(url, (_request, reply) => {
      void reply.type(type).send(handler())
    })
  }
  const pong = '{}'
  get('/ping', () => pong)
  const commit = gitCommit(config.dir)
  const version = JSON.stringify({
    name: config.name,
    version: config.build_version ?? config.version,
    env: config.env,
    ...(commit ? { commit } : {}),
    apis: apis.map((a) => ({ name: a.name, version: String((a.document.info as { version?: unknown })?.version ?? ''), openapi: a.sourceVersion })),
    node: process.version,
    started_at: options.startedAt.toISOString(),
  })
  get('/version', () => version)
  // PyMacaron's /auth/version: /version behind a valid token, to check a token and the keys end to end.
  const authenticate = options.authenticate
  if (authenticate && !taken('/auth/version')) {
    fastify.get('/auth/version', async (request, reply) => {
      await authenticate(request)
      return reply.type('application/json; charset=utf-8').send(version)
    })
  }
  if (!taken('/ready')) {
    fastify.get('/ready', async (_request, reply) => {
      const { ready, checks } = await options.readiness.run()
      if (!ready) {
        const failed = Object.entries(checks).filter(([, r]) => r !== 'ok').map(([name, r]) => `${name}: ${r}`)
        throw new ServiceUnavailable(`Not ready: ${failed.join('; ')}`, { details: checks, headers: { 'retry-after': '5' } })
      }
      return reply.type('application/json; charset=utf-8').send(JSON.stringify({ ready: true, checks }))
    })
  }
  if (config.metrics.enabled && config.metrics.port === undefined && !taken(config.metrics.path)) registerMetricsRoute(fastify, config)
  for (const [index, api] of apis.entries()) {
    // Rendered on first request, then kept: a large document's YAML took seconds of start-up.
    let json: string | undefined
    let yaml: string | undefined
    const asJson = () => (json ??= JSON.stringify(api.document))
    if (index === 0) get('/openapi.json', asJson)
    get(`/openapi/${api.name}.json`, asJson)
    get(`/doc/${api.name}.yaml`, () => (yaml ??= yamlLib().stringify(api.original, { aliasDuplicateObjects: false })), 'application/yaml; charset=utf-8')
  }
  if (config.docs && !taken('/docs')) registerDocsPage(fastify, apis.map((a) => ({ name: a.name, url: `/openapi/${a.name}.json` })))
}
