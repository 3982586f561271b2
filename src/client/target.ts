import createFetchClient, { type Client as FetchClient } from 'openapi-fetch'
import type { FastifyInstance } from 'fastify'
import { basePathOf } from '../pipeline/paths.js'
import type { Operation } from '../pipeline/operations.js'
import type { JsonObject, LoadedApi } from '../spec/types.js'
import { injectFetch } from './in-process.js'
import { defaultProject, projectOfDir, projectOfSource, type Project, type ProjectSource } from './project.js'

export interface ClientOptions {
  /**
   * Where the service answers. Default: `clients.<api>.base_url` in the config (set it per
   * environment in macaron.<env>.yaml), else the document's first servers entry. A URL
   * without a path gets the document's base path (`/v1` of its servers entry) appended.
   */
  baseUrl?: string
  /** Timeout of each attempt, in ms. Default: `clients.<api>.timeout_ms`, else 10000. */
  timeoutMs?: number
  /** Retries of an idempotent call. Default: `clients.<api>.retries`, else 2. */
  retries?: number
  /** The methods that are retried. Default: GET, HEAD, PUT, DELETE, OPTIONS. */
  retryMethods?: string[]
  /** Backoff before retry n: a random delay in [0, min(maxMs, baseMs * 2^n)] (full jitter). Default 100 and 2000. */
  backoff?: { baseMs?: number; maxMs?: number }
  /** Headers sent with every call. */
  headers?: Record<string, string>
  /** The project whose apis/ and macaron.yaml describe the API. Default: the running app's, else the current folder. */
  dir?: string
  /**
   * An app of this process that serves the API: its documents are used and, unless a base
   * URL is set, calls go to it in-process (Fastify inject), through the same pipeline and
   * without a socket.
   */
  app?: ProjectSource & { readonly server: FastifyInstance }
}

export interface Target {
  api: LoadedApi
  project: Project
  operations: Map<string, Operation>
  http: FetchClient<Record<string, never>>
  timeoutMs: number
  retries: number
  retryMethods: ReadonlySet<string>
  backoff: { baseMs: number; maxMs: number }
  /** For spans and messages. */
  address: string
}

const IDEMPOTENT = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']

/** Everything a client needs, resolved on its first call (handlers create clients at import, before their app exists). */
export async function resolveTarget(name: string, options: ClientOptions, serving?: ProjectSource): Promise<Target> {
  const project = options.app ? projectOfSource(options.app) : options.dir !== undefined ? await projectOfDir(options.dir) : serving ? projectOfSource(serving) : await defaultProject()
  const api = project.apis.find((a) => a.name === name)
  if (!api) throw new Error(`createClient('${name}'): no API named ${name} in ${project.config.dir}/${project.config.apis} (found: ${project.apis.map((a) => a.name).join(', ') || 'none'})`)
  const configured = project.config.clients[name] ?? {}
  const explicit = options.baseUrl ?? configured.base_url
  const inProcess = options.app !== undefined && explicit === undefined
  const base = inProcess ? `http://in-process${project.config.base_path ?? basePathOf(api.document.servers)}` : withBasePath(explicit ?? serverUrl(name, api.document), api.document)
  const http = createFetchClient<Record<string, never>>({
    baseUrl: base,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(inProcess ? { fetch: injectFetch(options.app!.server) } : {}),
  })
  return {
    api,
    project,
    operations: project.operations.get(name)!,
    http,
    timeoutMs: options.timeoutMs ?? configured.timeout_ms ?? 10_000,
    retries: options.retries ?? configured.retries ?? 2,
    retryMethods: new Set((options.retryMethods ?? IDEMPOTENT).map((m) => m.toUpperCase())),
    backoff: { baseMs: options.backoff?.baseMs ?? 100, maxMs: options.backoff?.maxMs ?? 2000 },
    address: base,
  }
}

/** The first servers entry with its variables at their defaults; it must be absolute to be called. */
function serverUrl(name: string, document: JsonObject): string {
  const first = (Array.isArray(document.servers) ? document.servers[0] : undefined) as { url?: string; variables?: Record<string, { default?: string }> } | undefined
  const url = (first?.url ?? '').replace(/\{([^}]+)\}/g, (_, v: string) => first?.variables?.[v]?.default ?? '')
  if (!/^https?:\/\//i.test(url)) throw new Error(`createClient('${name}'): no base URL: pass baseUrl, set clients.${name}.base_url in macaron.yaml, or give the document an absolute servers entry`)
  return url.replace(/\/+$/, '')
}

/** http://host:8080 → http://host:8080/v1 when the document's server path is /v1; a URL with a path is kept as given. */
function withBasePath(url: string, document: JsonObject): string {
  const trimmed = url.replace(/\/+$/, '')
  return new URL(trimmed).pathname === '/' ? trimmed + basePathOf(document.servers) : trimmed
}
