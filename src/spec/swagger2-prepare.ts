import { isObject, objectOr, HTTP_METHODS } from './operations-of.js'
import { walkSpec } from './spec-walk.js'
import type { JsonObject } from './types.js'

/**
 * Reshapes a bundled Swagger 2.0 document where @scalar/openapi-upgrader 0.1.x gets it wrong,
 * so that its output is right. Mutates `doc`. What it fixes:
 * - formData parameters: the upgrader keeps only type, description and format of each field
 *   (items, enum, bounds, pattern, default are lost); we build the request body ourselves;
 * - body parameters declared on the path item: the upgrader assigns the request body to every
 *   key after `parameters` (including summary, a string: a TypeError); we move them to each operation;
 * - body/formData parameters reached through $ref: the upgrader leaves a parameter that refers
 *   to a request body; we inline them;
 * - operation-level `produces`: the upgrader lets the global one win; we apply the operation's.
 * - `x-nullable` becomes 3.0's `nullable`, which the 3.0 -> 3.1 step knows.
 */
export function prepareSwagger2(doc: JsonObject): void {
  const globalParams = objectOr(doc.parameters)
  const consumes = stringList(doc.consumes)
  for (const item of Object.values(objectOr(doc.paths))) {
    if (!isObject(item)) continue
    const shared = Array.isArray(item.parameters) ? item.parameters.map((p) => inline(p, globalParams)) : []
    const movable = shared.filter(isBodyLike)
    if (movable.length > 0) item.parameters = shared.filter((p) => !isBodyLike(p))
    if (Array.isArray(item.parameters) && item.parameters.length === 0) delete item.parameters
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (!isObject(op)) continue
      const own = Array.isArray(op.parameters) ? op.parameters.map((p) => inline(p, globalParams)) : []
      // An operation with a body or form of its own does not take the path item's.
      const inherited = own.some(isBodyLike) ? [] : movable
      const params = [...own, ...inherited]
      const form = params.filter((p): p is JsonObject => isObject(p) && p.in === 'formData')
      op.parameters = params.filter((p) => !(isObject(p) && p.in === 'formData'))
      if (form.length > 0) op.requestBody = formBody(form, stringList(op.consumes) ?? consumes)
      if (op.produces !== undefined) responsesToContent(op, stringList(op.produces) ?? [])
    }
  }
  renameNullable(doc)
}

function isBodyLike(p: unknown): p is JsonObject {
  return isObject(p) && (p.in === 'body' || p.in === 'formData')
}

/** Inlines a '#/parameters/x' ref when it leads to a body or formData parameter. */
function inline(param: unknown, globals: JsonObject): unknown {
  if (!isObject(param) || typeof param.$ref !== 'string' || !param.$ref.startsWith('#/parameters/')) return param
  const target = globals[decodeURIComponent(param.$ref.slice('#/parameters/'.length))]
  return isBodyLike(target) ? structuredClone(target) : param
}

const FIELD_KEYS = [
  'type', 'format', 'items', 'default', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf', 'description',
]

function formBody(fields: JsonObject[], consumes: string[] | undefined): JsonObject {
  const properties: JsonObject = {}
  const required: string[] = []
  const encoding: JsonObject = {}
  for (const field of fields) {
    const name = String(field.name)
    const schema: JsonObject = {}
    for (const key of FIELD_KEYS) if (field[key] !== undefined) schema[key] = field[key]
    for (const [key, value] of Object.entries(field)) if (key.startsWith('x-')) schema[key] = value
    properties[name] = schema
    if (field.required === true) required.push(name)
    if (field.type === 'array') encoding[name] = { style: 'form', explode: field.collectionFormat === 'multi' }
  }
  const schema: JsonObject = { type: 'object', properties }
  if (required.length > 0) schema.required = required
  const forms = (consumes ?? []).filter((t) => /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/.test(t))
  const types = forms.length > 0 ? forms : ['multipart/form-data']
  const content: JsonObject = {}
  for (const type of types) {
    // style/explode only mean something for url-encoded forms; multipart repeats the field.
    const urlEncoded = type.startsWith('application/x-www-form-urlencoded') && Object.keys(encoding).length > 0
    content[type] = urlEncoded ? { schema, encoding } : { schema }
  }
  return required.length > 0 ? { required: true, content } : { content }
}

/** Response schemas of an operation with its own `produces`, as 3.0 content per media type. */
function responsesToContent(op: JsonObject, produces: string[]): void {
  for (const response of Object.values(objectOr(op.responses))) {
    if (!isObject(response) || response.$ref !== undefined || response.schema === undefined) continue
    const content: JsonObject = {}
    for (const type of produces.length > 0 ? produces : ['application/json']) content[type] = { schema: response.schema }
    for (const [type, example] of Object.entries(objectOr(response.examples))) {
      if (isObject(content[type])) (content[type] as JsonObject).example = example
    }
    response.content = content
    delete response.schema
    delete response.examples
  }
}

/** x-nullable (a 2.0 convention) as nullable, x-nullable kept; 3.0 -> 3.1 turns it into a type. */
export function renameNullable(doc: JsonObject): void {
  walkSpec(doc, (obj, isNameMap) => {
    if (!isNameMap && obj['x-nullable'] === true && obj.nullable === undefined) obj.nullable = true
  })
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined
}
