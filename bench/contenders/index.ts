import type { StartServer } from './types.js'

export interface Contender {
  name: string
  label: string
  load: () => Promise<StartServer>
}

// In table order. 'fastify-schemas' is the reference every ratio divides by.
export const CONTENDERS: Contender[] = [
  { name: 'macaron', label: 'Macaron (req+resp validation, log warn)', load: async () => (await import('./macaron.js')).start },
  { name: 'node-http', label: 'node:http, no validation', load: async () => (await import('./node-http.js')).start },
  { name: 'fastify', label: 'Fastify 5, no schemas', load: async () => (await import('./fastify-plain.js')).start },
  { name: 'fastify-schemas', label: 'Fastify 5, hand-written schemas', load: async () => (await import('./fastify-schemas.js')).start },
  { name: 'openapi-glue', label: 'fastify-openapi-glue', load: async () => (await import('./openapi-glue.js')).start },
  { name: 'express-validator', label: 'Express 5 + express-openapi-validator (resp validated)', load: async () => (await import('./express-validator.js')).start },
  { name: 'openapi-backend', label: 'openapi-backend on Fastify (requests validated)', load: async () => (await import('./openapi-backend.js')).start },
]

export const REFERENCE = 'fastify-schemas'

export function contender(name: string): Contender {
  const found = CONTENDERS.find((c) => c.name === name)
  if (!found) throw new Error(`unknown contender '${name}'; known: ${CONTENDERS.map((c) => c.name).join(', ')}`)
  return found
}
