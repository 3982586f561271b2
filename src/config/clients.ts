// The sections of macaron.yaml that concern the APIs a service calls (`clients`), the types
// generated from its documents (`generate`) and mock mode (`mock`).

const clientSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Overrides the document's servers entry, per environment through the overlays.
    base_url: { type: 'string', pattern: '^https?://' },
    timeout_ms: { type: 'integer', minimum: 1 },
    retries: { type: 'integer', minimum: 0, maximum: 10 },
    // An API with a clients entry is one this service calls: it is not served unless this says so.
    serve: { type: 'boolean', default: false },
  },
} as const

export const clientsSchema = { type: 'object', additionalProperties: clientSchema, default: {} } as const

export const generateSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    // Committed with the project: handlers import their types from here.
    out: { type: 'string', minLength: 1, default: 'src/generated' },
  },
} as const

export interface ClientConfig {
  base_url?: string
  timeout_ms?: number
  retries?: number
  serve?: boolean
}

/**
 * Whether the service serves an API of its apis/: every one, except those it only calls
 * (a `clients.<api>` entry without `serve: true`), whose x-bind-server names the other
 * service's code and whose routes are not this service's.
 */
export function servesApi(config: { clients: Record<string, ClientConfig> }, api: string): boolean {
  const client = config.clients[api]
  return client === undefined || client.serve === true
}

export interface ClientsConfig {
  /** Per API name (the file name in apis/). */
  clients: Record<string, ClientConfig>
  generate: { out: string }
  /** Unbound operations answer with examples from the spec instead of 501. */
  mock: boolean
}
