import type { JsonObject } from '../spec/types.js'
import { createAjv, type ValidateFunction } from './ajv.js'
import { absoluteRefs, schemaVariant, type Variant } from './schema-variants.js'
import { deref } from './deref.js'
import { compileCheckedSerialiser, type CheckedSerialiser } from './checked-serialiser.js'
import { SparseDocument } from './sparse-document.js'
import { lazyModule } from '../util/lazy-module.js'

// Loaded when the first serialiser is compiled (an operation's first request), not at start-up.
const fastJsonStringifyLib = lazyModule<typeof import('fast-json-stringify')>('fast-json-stringify')

export type Serialiser = (value: unknown) => string

/**
 * Every schema an API uses, compiled once: each API document is added to Ajv in its
 * request and response variants, and operation schemas are compiled as fragments whose
 * local refs point into those documents. Compiled functions are cached per fragment.
 * Nothing is computed for a document until an operation of it is compiled (routes compile
 * on first request), and then only the parts that operation reaches (sparse-document.ts),
 * so a large document costs little at start-up and at its first request.
 */
export class SchemaStore {
  private ajv: Record<'request' | 'response', ReturnType<typeof createAjv>> | undefined
  private readonly documents = new Map<string, JsonObject>()
  private readonly variantCache = new Map<string, JsonObject>()
  /** Per variant and API: the parts reached so far, or null once the whole document is needed. */
  private readonly sparse = new Map<string, SparseDocument | null>()
  /** Per variant and API: the document object Ajv holds under the document's id. */
  private readonly added = new Map<string, JsonObject>()
  private readonly cache = new Map<string, WeakMap<object, unknown>>()

  /** `warn`: where a schema's unknown format is told, once per format (unknown formats are not checked). */
  constructor(private readonly options: { warn?: (message: string) => void } = {}) {}

  addApi(name: string, document: JsonObject): void {
    this.documents.set(name, document)
  }

  /** Resolves a schema's `$ref` chain within the API's document (for inspecting types). */
  resolver(api: string): (schema: JsonObject) => JsonObject {
    return (schema) => deref(this.documentFor(api, 'request', schema), schema)
  }

  requestValidator(api: string, schema: JsonObject): ValidateFunction {
    return this.cached(`req:${api}`, schema, () => this.validator(api, 'request', schema).compile(this.fragment(api, 'request', schema)))
  }

  responseValidator(api: string, schema: JsonObject): ValidateFunction {
    return this.cached(`res:${api}`, schema, () => this.validator(api, 'response', schema).compile(this.fragment(api, 'response', schema)))
  }

  /**
   * The one-pass check and write of a response body (checked-serialiser.ts), or undefined
   * when the schema needs more than it covers; it checks formats with the response Ajv's.
   */
  checkedSerialiser(api: string, schema: JsonObject): CheckedSerialiser | undefined {
    return this.cached(`chk:${api}`, schema, () => compileCheckedSerialiser(this.document(api), schema, this.ajvs().response.formats as never) ?? null) ?? undefined
  }

  /**
   * fast-json-stringify writes only what the schema declares: undeclared fields never leak.
   * It is handed only the parts of the document the schema reaches through `$ref`, not the
   * whole document, which it would walk for every serialiser it builds.
   */
  serialiser(api: string, schema: JsonObject): Serialiser {
    return this.cached(`ser:${api}`, schema, () => {
      try {
        return this.buildSerialiser(api, schema, true)
      } catch (error) {
        // allOf members that give one property different defaults (Microsoft Graph's types
        // do): fast-json-stringify cannot merge them, and no one default is right, so such
        // a schema's serialiser writes properties that are there and fills in none.
        if (!/Failed to merge "default"/.test((error as Error).message)) throw error
        return this.buildSerialiser(api, schema, false)
      }
    })
  }

  private buildSerialiser(api: string, schema: JsonObject, propertyDefaults: boolean): Serialiser {
    const id = docId(api, 'serialise')
    const variant = (node: JsonObject) => schemaVariant(node, 'serialise', { propertyDefaults })
    const root = absoluteRefs(variant(schema), id) as JsonObject
    // What the schema as written reaches, in the serialise variant (which only removes
    // parts, so this holds all that its variant reaches); a part of its own per serialiser.
    const part = new SparseDocument(this.document(api), (node) => variant(node as JsonObject))
    const whole = () => (propertyDefaults ? this.variant(api, 'serialise') : variant(this.document(api)))
    const external = { [id]: { ...(part.reach(schema) ? part.root : whole()), $id: id } }
    return fastJsonStringifyLib()(root as never, { schema: external as never, ajv: { strict: false } }) as Serialiser
  }

  private fragment(api: string, variant: 'request' | 'response', schema: JsonObject): JsonObject {
    return absoluteRefs(schemaVariant(schema, variant), docId(api, variant)) as JsonObject
  }

  private ajvs(): Record<'request' | 'response', ReturnType<typeof createAjv>> {
    if (this.ajv) return this.ajv
    const warn = oncePerFormat(this.options.warn)
    return (this.ajv = { request: createAjv('request', warn), response: createAjv('response', warn) })
  }

  /** The direction's Ajv, holding the API's document in that variant with what `schema` reaches. */
  private validator(api: string, variant: 'request' | 'response', schema: JsonObject): ReturnType<typeof createAjv> {
    const ajv = this.ajvs()[variant]
    const key = `${variant}:${api}`
    const document = this.documentFor(api, variant, schema)
    const added = this.added.get(key)
    if (added !== document) {
      // The sparse document grows in place; it is replaced only when the whole one is needed.
      if (added !== undefined) ajv.removeSchema(docId(api, variant))
      ajv.addSchema(document, docId(api, variant))
      this.added.set(key, document)
    }
    return ajv
  }

  /** The API's document in a variant, holding at least what `schema` reaches. */
  private documentFor(api: string, variant: 'request' | 'response', schema: unknown): JsonObject {
    const key = `${variant}:${api}`
    let sparse = this.sparse.get(key)
    if (sparse === undefined) this.sparse.set(key, (sparse = new SparseDocument(this.document(api), (part) => schemaVariant(part as JsonObject, variant))))
    if (sparse !== null && sparse.reach(schema)) return sparse.root
    this.sparse.set(key, null)
    return this.variant(api, variant)
  }

  private variant(api: string, variant: Variant): JsonObject {
    const key = `${variant}:${api}`
    let v = this.variantCache.get(key)
    if (v === undefined) this.variantCache.set(key, (v = schemaVariant(this.document(api), variant)))
    return v
  }

  private document(api: string): JsonObject {
    const document = this.documents.get(api)
    if (!document) throw new Error(`unknown API ${api}`)
    return document
  }

  private cached<T>(bucket: string, key: object, build: () => T): T {
    let map = this.cache.get(bucket) as WeakMap<object, T> | undefined
    if (!map) this.cache.set(bucket, (map = new WeakMap()))
    let hit = map.get(key)
    if (hit === undefined) map.set(key, (hit = build()))
    return hit
  }
}

/** Ajv warns of an unknown format for every schema using it; the log gets one line per format. */
function oncePerFormat(warn: ((message: string) => void) | undefined): (message: string) => void {
  const told = new Set<string>()
  return (message) => {
    const kind = /unknown format "([^"]*)"/.exec(message)?.[1] ?? message
    if (told.has(kind) || !warn) return
    told.add(kind)
    warn(kind === message ? message : `format "${kind}" in the API documents is unknown to Macaron: values are not checked against it`)
  }
}

function docId(api: string, variant: Variant): string {
  return `macaron-${encodeURIComponent(api)}-${variant}.json`
}
