import type { ApiError } from '../../errors/api-error.js'
import { InvalidParameter, MalformedJson } from '../../errors/http-errors.js'
import type { JsonObject } from '../../spec/types.js'
import { coerceScalar, schemaTypes } from '../coerce.js'
import { FORBIDDEN_PROPERTY, jsonSyntaxProblem, parseJson } from './json.js'
import { isUploadedFile } from './multipart.js'

// Form bodies (url-encoded and multipart) carry strings and files; the schema says what each
// field is. Everything about a schema is worked out once, here, into one small function per
// property; a request only runs those.

export type Resolve = (schema: JsonObject) => JsonObject
export type FormCoercer = (fields: Record<string, unknown>) => Record<string, unknown>
type Coerce = (value: unknown, field: string) => unknown

/**
 * Types the fields of a form body by the body schema:
 * - scalars with coerceScalar (strict: what does not convert stays a string for the
 *   validator to report);
 * - array properties take repeated names as items, and a single value as a one-item array;
 * - object properties are parsed as JSON, OpenAPI's default Content-Type for them, unless the
 *   Encoding Object gives a non-JSON contentType; a JSON contentType makes any property JSON.
 *   A file part there is parsed too (FormData sends a Blob as a file);
 * - binary properties (see isBinarySchema) keep UploadedFile objects as they are.
 * The result is a plain object; `__proto__` is refused as the parsers refuse it.
 * Encoding `style`/`explode` (delimited arrays in url-encoded bodies) are not supported.
 */
export function compileFormCoercion(schema: JsonObject, resolve: Resolve, encoding?: JsonObject): FormCoercer {
  const plans = new Map<string, Coerce>()
  let extra: Coerce | undefined
  for (const member of members(schema, resolve)) {
    const properties = member.properties
    if (isObject(properties)) {
      for (const [name, property] of Object.entries(properties)) {
        if (!plans.has(name) && isObject(property)) plans.set(name, plan(resolve(property), resolve, contentTypeOf(encoding, name)))
      }
    }
    if (extra === undefined && isObject(member.additionalProperties)) extra = plan(resolve(member.additionalProperties), resolve, undefined)
  }
  return (fields) => {
    const out: Record<string, unknown> = {}
    for (const name of Object.keys(fields)) {
      if (name === '__proto__') throw forbidden(name)
      const coerce = plans.get(name) ?? extra
      out[name] = coerce === undefined ? fields[name] : coerce(fields[name], name)
    }
    return out
  }
}

function plan(schema: JsonObject, resolve: Resolve, contentType: string | undefined): Coerce {
  if (isBinarySchema(schema)) return keep
  if (contentType !== undefined && isJsonMediaType(contentType)) return json
  const types = schemaTypes(schema)
  if (types?.includes('array')) {
    const item = isObject(schema.items) ? plan(resolve(schema.items), resolve, contentType) : keep
    const single = types.includes('string') ? keep : (value: unknown, field: string) => [item(value, field)]
    return (value, field) => (Array.isArray(value) ? value.map((v, i) => item(v, `${field}[${i}]`)) : single(value, field))
  }
  if (types?.includes('object') && !types.includes('string')) return contentType === undefined ? json : keep
  return (value) => (typeof value === 'string' ? coerceScalar(value, types) : value)
}

const keep: Coerce = (value) => value

const json: Coerce = (value, field) => {
  if (Array.isArray(value)) return value.map((v, i) => json(v, `${field}[${i}]`))
  const text = typeof value === 'string' ? value : isUploadedFile(value) ? value.data.toString('utf8') : undefined
  if (text === undefined) return value
  try {
    return parseJson(text, field)
  } catch (err) {
    if (!(err instanceof MalformedJson)) throw err
    throw new InvalidParameter(`The field ${field} is not valid JSON.`, {
      details: [{ field, location: 'body', message: `is not valid JSON: ${jsonSyntaxProblem(text)}` }],
    })
  }
}

/**
 * A property that is a file upload: `type: string` with `format: binary` (OpenAPI 3.0) or
 * with a `contentMediaType` and no `contentEncoding` (3.1, and what the 3.0 upgrade turns
 * `format: binary` into). With a contentEncoding (base64) the part is text, so a string.
 */
export function isBinarySchema(schema: JsonObject): boolean {
  if (!schemaTypes(schema)?.includes('string')) return false
  if (schema.format === 'binary') return true
  return typeof schema.contentMediaType === 'string' && schema.contentEncoding === undefined
}

/**
 * What Ajv sees for a file part: UploadedFile's shape. `maxLength`/`minLength` of the binary
 * string bound the size in bytes; contentMediaType is an annotation in JSON Schema and is not
 * enforced on the part's declared mimetype (clients guess it).
 */
export function uploadedFileSchema(binary: JsonObject): JsonObject {
  const size: JsonObject = { type: 'integer', minimum: typeof binary.minLength === 'number' ? binary.minLength : 0 }
  if (typeof binary.maxLength === 'number') size.maximum = binary.maxLength
  return {
    type: 'object',
    required: ['filename', 'mimetype', 'encoding', 'size', 'data'],
    properties: { filename: { type: 'string' }, mimetype: { type: 'string' }, encoding: { type: 'string' }, size },
  }
}

/**
 * The body schema to validate a multipart body against: a copy in which each binary
 * property (or array of binary items) becomes uploadedFileSchema, including properties of
 * allOf/anyOf/oneOf members. Parts of the schema with no binary property are shared, $refs
 * included, and an unaffected schema is returned as it is (validators are cached by schema).
 */
export function prepareMultipartSchema(schema: JsonObject, resolve: Resolve): JsonObject {
  return rewrite(schema, resolve, new Set())
}

function rewrite(schema: JsonObject, resolve: Resolve, seen: Set<JsonObject>): JsonObject {
  const resolved = resolve(schema)
  if (seen.has(resolved)) return schema
  seen.add(resolved)
  let copy: JsonObject | undefined
  const properties = resolved.properties
  if (isObject(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      const replaced = isObject(property) ? fileProperty(property, resolve) : undefined
      if (replaced === undefined) continue
      copy ??= { ...resolved, properties: { ...properties } }
      ;(copy.properties as JsonObject)[name] = replaced
    }
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = resolved[key]
    if (!Array.isArray(list)) continue
    const rewritten = list.map((m) => (isObject(m) ? rewrite(m, resolve, seen) : m))
    if (rewritten.some((m, i) => m !== list[i])) (copy ??= { ...resolved })[key] = rewritten
  }
  return copy ?? schema
}

function fileProperty(property: JsonObject, resolve: Resolve): JsonObject | undefined {
  const resolved = resolve(property)
  if (isBinarySchema(resolved)) return uploadedFileSchema(resolved)
  const items = isObject(resolved.items) ? resolve(resolved.items) : undefined
  if (items !== undefined && schemaTypes(resolved)?.includes('array') && isBinarySchema(items)) {
    return { ...resolved, items: uploadedFileSchema(items) }
  }
  return undefined
}

/** The schema and its allOf/anyOf/oneOf members, resolved, each once. */
function members(schema: JsonObject, resolve: Resolve): JsonObject[] {
  const out: JsonObject[] = []
  const visit = (s: JsonObject) => {
    const resolved = resolve(s)
    if (out.includes(resolved)) return
    out.push(resolved)
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = resolved[key]
      if (Array.isArray(list)) for (const m of list) if (isObject(m)) visit(m)
    }
  }
  visit(schema)
  return out
}

function contentTypeOf(encoding: JsonObject | undefined, name: string): string | undefined {
  const entry = encoding?.[name]
  return isObject(entry) && typeof entry.contentType === 'string' ? entry.contentType : undefined
}

/** An Encoding Object's contentType may list several types; JSON when any is JSON. */
function isJsonMediaType(list: string): boolean {
  return list.split(',').some((t) => {
    const essence = t.split(';')[0]!.trim().toLowerCase()
    return essence === 'application/json' || essence.endsWith('+json')
  })
}

function forbidden(field: string): ApiError {
  return new InvalidParameter('The body has a forbidden property name.', { details: [{ field, location: 'body', message: FORBIDDEN_PROPERTY }] })
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
