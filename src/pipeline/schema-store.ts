import fastJsonStringify from 'fast-json-stringify'
import type { JsonObject } from '../spec/types.js'
import { createAjv, type ValidateFunction } from './ajv.js'
import { absoluteRefs, schemaVariant, type Variant } from './schema-variants.js'
import { deref } from './deref.js'

export type Serialiser = (value: unknown) => string

/**
 * Every schema an API uses, compiled once at start-up: each API document is added to Ajv
 * in its request and response variants, and operation schemas are compiled as fragments
 * whose local refs point into those documents. Compiled functions are cached per fragment.
 */
export class SchemaStore {
  private readonly request = createAjv('request')
  private readonly response = createAjv('response')
  private readonly documents = new Map<string, Record<Variant, JsonObject>>()
  private readonly cache = new Map<string, WeakMap<object, unknown>>()

  addApi(name: string, document: JsonObject): void {
    const variants = {
      request: schemaVariant(document, 'request'),
      response: schemaVariant(document, 'response'),
      serialise: schemaVariant(document, 'serialise'),
    }
    this.documents.set(name, variants)
    this.request.addSchema(variants.request, docId(name, 'request'))
    this.response.addSchema(variants.response, docId(name, 'response'))
  }

  /** Resolves a schema's `$ref` chain within the API's document (for inspecting types). */
  resolver(api: string): (schema: JsonObject) => JsonObject {
    const doc = this.variants(api).request
    return (schema) => deref(doc, schema)
  }

  requestValidator(api: string, schema: JsonObject): ValidateFunction {
    return this.cached(`req:${api}`, schema, () => this.request.compile(this.fragment(api, 'request', schema)))
  }

  responseValidator(api: string, schema: JsonObject): ValidateFunction {
    return this.cached(`res:${api}`, schema, () => this.response.compile(this.fragment(api, 'response', schema)))
  }

  /** fast-json-stringify writes only what the schema declares: undeclared fields never leak. */
  serialiser(api: string, schema: JsonObject): Serialiser {
    return this.cached(`ser:${api}`, schema, () => {
      const id = docId(api, 'serialise')
      const root = absoluteRefs(schemaVariant(schema, 'serialise'), id) as JsonObject
      const external = { [id]: { ...this.variants(api).serialise, $id: id } }
      return fastJsonStringify(root as never, { schema: external as never, ajv: { strict: false } }) as Serialiser
    })
  }

  private fragment(api: string, variant: 'request' | 'response', schema: JsonObject): JsonObject {
    return absoluteRefs(schemaVariant(schema, variant), docId(api, variant)) as JsonObject
  }

  private variants(api: string): Record<Variant, JsonObject> {
    const v = this.documents.get(api)
    if (!v) throw new Error(`unknown API ${api}`)
    return v
  }

  private cached<T>(bucket: string, key: object, build: () => T): T {
    let map = this.cache.get(bucket) as WeakMap<object, T> | undefined
    if (!map) this.cache.set(bucket, (map = new WeakMap()))
    let hit = map.get(key)
    if (hit === undefined) map.set(key, (hit = build()))
    return hit
  }
}

function docId(api: string, variant: Variant): string {
  return `macaron-${encodeURIComponent(api)}-${variant}.json`
}
