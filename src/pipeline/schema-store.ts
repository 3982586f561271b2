import fastJsonStringify from 'fast-json-stringify'
import type { JsonObject } from '../spec/types.js'
import { splitPointer } from '../util/yaml-source.js'
import { createAjv, type ValidateFunction } from './ajv.js'
import { absoluteRefs, isObject, schemaVariant, type Variant } from './schema-variants.js'
import { deref, pointerGet } from './deref.js'
import { compileCheckedSerialiser, type CheckedSerialiser } from './checked-serialiser.js'
import { SparseDocument } from './sparse-document.js'

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
    return this.cached(`chk:${api}`, schema, () => {
      const document = this.documents.get(api)
      if (!document) throw new Error(`unknown API ${api}`)
      return compileCheckedSerialiser(document, schema, this.ajvs().response.formats as never) ?? null
    }) ?? undefined
  }

  /**
   * fast-json-stringify writes only what the schema declares: undeclared fields never leak.
   * It is handed only the parts of the document the schema reaches through `$ref`, not the
   * whole document, which it would walk for every serialiser it builds.
   */
  serialiser(api: string, schema: JsonObject): Serialiser {
    return this.cached(`ser:${api}`, schema, () => {
      const id = docId(api, 'serialise')
      const own = schemaVariant(schema, 'serialise')
      const root = absoluteRefs(own, id) as JsonObject
      const document = this.documents.get(api)
      if (!document) throw new Error(`unknown API ${api}`)
      // What the schema reaches in the document as written, then in the serialise variant:
      // the variant only removes parts, so this holds all it reaches there (and maybe more).
      const external = { [id]: { ...schemaVariant(reachable(document, schema), 'serialise'), $id: id } }
      return fastJsonStringify(root as never, { schema: external as never, ajv: { strict: false } }) as Serialiser
    })
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
    if (sparse === undefined) {
      const document = this.documents.get(api)
      if (!document) throw new Error(`unknown API ${api}`)
      this.sparse.set(key, (sparse = new SparseDocument(document, (part) => schemaVariant(part as JsonObject, variant))))
    }
    if (sparse !== null && sparse.reach(schema)) return sparse.root
    this.sparse.set(key, null)
    return this.variant(api, variant)
  }

  private variant(api: string, variant: Variant): JsonObject {
    const key = `${variant}:${api}`
    let v = this.variantCache.get(key)
    if (v === undefined) {
      const doc = this.documents.get(api)
      if (!doc) throw new Error(`unknown API ${api}`)
      this.variantCache.set(key, (v = schemaVariant(doc, variant)))
    }
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

/**
 * A copy of `document` holding only what `schema`'s local refs reach, transitively, at the
 * same pointers, so the refs resolve as they would in the whole document.
 */
export function reachable(document: JsonObject, schema: unknown): JsonObject {
  const out: JsonObject = {}
  const seen = new Set<string>()
  const pending: unknown[] = [schema]
  const taken: string[][] = []
  while (pending.length > 0) {
    for (const ref of localRefs(pending.pop())) {
      if (seen.has(ref)) continue
      seen.add(ref)
      const target = pointerGet(document, ref)
      if (target === undefined) continue
      taken.push(splitPointer(ref))
      pending.push(target)
    }
  }
  // Shorter pointers first: a node already copied whole holds the nodes below it.
  taken.sort((a, b) => a.length - b.length)
  for (const path of taken) place(out, document, path)
  return out
}

function place(out: JsonObject, document: JsonObject, path: string[]): void {
  if (path.length === 0) return void Object.assign(out, document)
  let node = out as Record<string, unknown>
  let source = document as Record<string, unknown>
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!
    const from = source[key]
    const here = node[key]
    // Missing, or already copied whole with an ancestor.
    if (from === undefined || here === from) return
    if (i === path.length - 1) return void (node[key] = from)
    if (here === undefined) node[key] = Array.isArray(from) ? [] : {}
    node = node[key] as Record<string, unknown>
    source = from as Record<string, unknown>
  }
}

function localRefs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) localRefs(v, into)
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#')) into.push(v)
      else localRefs(v, into)
    }
  }
  return into
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
