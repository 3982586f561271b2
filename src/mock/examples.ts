import { lazyModule } from '../util/lazy-module.js'
import { deref } from '../pipeline/deref.js'
import type { JsonObject } from '../spec/types.js'

// Only mock replies sample schemas: apps that never mock do not load the sampler.
const samplerLib = lazyModule<typeof import('openapi-sampler')>('openapi-sampler')

/**
 * The values a mock may send for one media type, best first: the media type's `example`,
 * its named `examples`, the schema's own `examples`/`example`, then a value sampled from
 * the schema. The caller keeps the first that validates, so a wrong example in a spec falls
 * back to the sample instead of failing every mocked call.
 */
export function exampleCandidates(document: JsonObject, media: JsonObject): unknown[] {
  const out: unknown[] = []
  if (media.example !== undefined) out.push(media.example)
  for (const entry of Object.values((media.examples ?? {}) as Record<string, unknown>)) {
    const example = deref<JsonObject>(document, entry)
    if (example.value !== undefined) out.push(example.value)
  }
  const schema = media.schema === undefined ? undefined : deref<JsonObject>(document, media.schema)
  if (schema) {
    if (Array.isArray(schema.examples)) out.push(...(schema.examples as unknown[]))
    if (schema.example !== undefined) out.push(schema.example)
    out.push(sampled(document, schema))
  }
  // Copies: the sampler hands back the document's own example objects, which must stay as loaded.
  return out.map((v) => structuredClone(v))
}

/** A value for a header: its example, else one sampled from its schema, as the string a header carries. */
export function headerExample(document: JsonObject, header: JsonObject): string | undefined {
  const value = exampleCandidates(document, header)[0]
  if (value === undefined) return undefined
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function sampled(document: JsonObject, schema: JsonObject, skipNonRequired = false): unknown {
  // What the server sends: no writeOnly properties; optional ones included to show the whole shape.
  return samplerLib().sample(schema as never, { skipWriteOnly: true, skipReadOnly: false, skipNonRequired, quiet: true, enablePatterns: true }, document)
}

/**
 * A value with the schema's required properties only. The sampler cuts a recursive type
 * with null (Microsoft Graph's events hold their `instances`, events again), which the
 * schema refuses; the required properties alone are the mock's last resort.
 */
export function minimalExample(document: JsonObject, schema: JsonObject): unknown {
  return sampled(document, schema, true)
}
