// The shape of macaron.yaml, with every default in one place. Later subsystems add their
// sections here (persistence, jobs, jwt ...), so that one schema check covers the file.

import { jwtSchema, securitySchema, type JwtConfig, type SecurityConfig } from './security.js'
import { clientsSchema, generateSchema, type ClientsConfig } from './clients.js'
import { persistenceSchema, type PersistenceConfig } from './persistence.js'
import { jobsSchema, type JobsConfig } from './jobs.js'

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    version: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    host: { type: 'string', default: '0.0.0.0' },
    apis: { type: 'string', default: 'apis' },
    handlers: { type: 'string', default: 'src/handlers' },
    base_path: { type: 'string', pattern: '^(/[^/]+)*$' },
    env_secrets: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, uniqueItems: true, default: [] },
    body_limit: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)? *([kKmMgG]?[bB])?$' }], default: '1mb' },
    error_content_type: { enum: ['application/problem+json', 'application/json'], default: 'application/problem+json' },
    validate_responses: { type: 'boolean', default: true },
    docs: { type: 'boolean', default: true },
    shutdown_timeout_ms: { type: 'integer', minimum: 0, default: 10000 },
    request_timeout_ms: { type: 'integer', minimum: 0, default: 30000 },
    trust_proxy: { type: 'boolean', default: false },
    cors: {
      default: false,
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            origins: { anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string' } }], default: '*' },
            credentials: { type: 'boolean', default: false },
            methods: { type: 'array', items: { type: 'string' } },
            headers: { type: 'array', items: { type: 'string' } },
            expose_headers: { type: 'array', items: { type: 'string' } },
            max_age: { type: 'integer', minimum: 0 },
          },
        },
      ],
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true },
        path: { type: 'string', pattern: '^/', default: '/metrics' },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        token_secret: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      },
    },
    slow_call_ms: { type: 'integer', minimum: 0, default: 1000 },
    build_version: { type: 'string' },
    crash_reports: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        log: { type: 'boolean', default: false },
        webhook: {
          type: 'object',
          additionalProperties: false,
          properties: { url: { type: 'string', pattern: '^https?://' }, url_secret: { type: 'string' }, timeout_ms: { type: 'integer', minimum: 1, default: 5000 } },
        },
        function: { type: 'string', minLength: 1 },
        max_per_minute: { type: 'integer', minimum: 1, default: 10 },
      },
    },
    jwt: jwtSchema,
    clients: clientsSchema,
    generate: generateSchema,
    persistence: persistenceSchema,
    jobs: jobsSchema,
    mock: { type: 'boolean', default: false },
    security: securitySchema,
    log: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
        // Default: human-readable when env is dev and the output is a terminal.
        pretty: { type: 'boolean' },
      },
    },
  },
} as const

export interface CorsConfig {
  origins: '*' | string[]
  credentials: boolean
  methods?: string[]
  headers?: string[]
  expose_headers?: string[]
  max_age?: number
}

/** The resolved configuration a service runs with. */
export interface MacaronConfig extends ClientsConfig {
  /** Absolute path of the project folder. */
  dir: string
  env: string
  name: string
  version: string
  port: number
  host: string
  apis: string
  handlers: string
  base_path?: string
  env_secrets: string[]
  /** Values of env_secrets, read from the environment; never logged. */
  secrets: Record<string, string>
  body_limit: number
  error_content_type: 'application/problem+json' | 'application/json'
  validate_responses: boolean
  docs: boolean
  shutdown_timeout_ms: number
  request_timeout_ms: number
  trust_proxy: boolean
  cors: false | CorsConfig
  log: { level: string; pretty?: boolean }
  metrics: { enabled: boolean; path: string; port?: number; token_secret?: string }
  /** Requests slower than this are logged as a warning with the time spent per stage. */
  slow_call_ms: number
  /** A version injected at build time (MACARON_BUILD_VERSION), shown by /version. */
  build_version?: string
  crash_reports: {
    log: boolean
    webhook?: { url?: string; url_secret?: string; timeout_ms: number }
    function?: string
    max_per_minute: number
  }
  /** JWT keys and checks; absent when the service takes no bearer tokens. */
  jwt?: JwtConfig
  /** Verify functions of apiKey and basic schemes. */
  security: SecurityConfig
  /** Where x-persist models are stored (docs/persistence.md). */
  persistence: PersistenceConfig
  /** Where background tasks run (docs/tasks.md). */
  jobs: JobsConfig
  /** The files read, in the order they were merged. */
  files: string[]
}
