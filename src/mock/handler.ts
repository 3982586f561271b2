import { reply, type Handler } from '../pipeline/handler-types.js'
import type { Operation } from '../pipeline/operations.js'
import { pickDefaultStatus } from '../pipeline/output.js'
import type { SchemaStore } from '../pipeline/schema-store.js'
import { deref } from '../pipeline/deref.js'
import type { JsonObject } from '../spec/types.js'
import { exampleCandidates, headerExample, minimalExample } from './examples.js'

const JSON_TYPE = /^application\/(.+\+)?json$/i

/**
 * Mock mode's handler for an operation that has none: its default status with an example
 * from the spec (or a sampled value), chosen once at start-up. The reply goes through the
 * output stage like any handler's, so what a mock sends is valid against the spec.
 */
export function mockHandler(op: Operation, store: SchemaStore): Handler {
  const status = pickDefaultStatus(Object.keys(op.responses))
  const response = op.responses[String(status)] ?? op.responses['2XX'] ?? op.responses['2xx'] ?? op.responses.default
  const doc = op.api.document
  const headers: Record<string, string> = {}
  for (const [name, raw] of Object.entries((response?.headers ?? {}) as Record<string, unknown>)) {
    const value = headerExample(doc, deref<JsonObject>(doc, raw))
    if (value !== undefined) headers[name.toLowerCase()] = value
  }
  const body = response ? mockBody(op, store, response) : undefined
  return () => reply(status, structuredClone(body), headers)
}

function mockBody(op: Operation, store: SchemaStore, response: JsonObject): unknown {
  const content = (response.content ?? {}) as Record<string, JsonObject>
  const types = Object.keys(content)
  const type = types.find((t) => JSON_TYPE.test(t)) ?? types[0]
  if (type === undefined) return undefined
  const media = content[type]!
  const candidates = exampleCandidates(op.api.document, media)
  if (!JSON_TYPE.test(type)) {
    const first = candidates[0]
    return typeof first === 'string' ? first : JSON.stringify(first ?? '')
  }
  if (media.schema === undefined) return candidates[0] ?? {}
  const validate = store.responseValidator(op.api.name, media.schema as JsonObject)
  // An invalid example in the spec falls back to the next, then to a sample of the required
  // properties alone; if none is valid the first is sent and BAD_RESPONSE says why.
  const valid = candidates.find((c) => validate(c))
  if (valid !== undefined) return valid
  const minimal = minimalExample(op.api.document, deref<JsonObject>(op.api.document, media.schema))
  return validate(minimal) ? minimal : candidates[0]
}
