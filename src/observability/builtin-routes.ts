import type { FastifyInstance } from 'fastify'
import { stringify as toYaml } from 'yaml'
import type { MacaronConfig } from '../config/schema.js'
import type { LoadedApi } from '../spec/types.js'
import { registerDocsPage } from './docs-page.js'

export interface BuiltinOptions {
  config: MacaronConfig
  apis: LoadedApi[]
  /** Paths the spec already serves with GET: the spec wins over a built-in. */
  taken: (url: string) => boolean
  startedAt: Date
}

/**
 * /ping (liveness, as cheap as possible), /version, each API's document as JSON and YAML,
 * and the docs page. A spec that declares one of these paths keeps it.
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
  const version = JSON.stringify({
    name: config.name,
    version: config.version,
    env: config.env,
    apis: apis.map((a) => ({ name: a.name, version: String((a.document.info as { version?: unknown })?.version ?? ''), openapi: a.sourceVersion })),
    node: process.version,
    started_at: options.startedAt.toISOString(),
  })
  get('/version', () => version)
  for (const [index, api] of apis.entries()) {
    const json = JSON.stringify(api.document)
    if (index === 0) get('/openapi.json', () => json)
    get(`/openapi/${api.name}.json`, () => json)
    const yaml = toYaml(api.original, { aliasDuplicateObjects: false })
    get(`/doc/${api.name}.yaml`, () => yaml, 'application/yaml; charset=utf-8')
  }
  if (config.docs && !taken('/docs')) registerDocsPage(fastify, apis.map((a) => ({ name: a.name, url: `/openapi/${a.name}.json` })))
}
