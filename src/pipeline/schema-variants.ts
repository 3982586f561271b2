import type { JsonObject } from '../spec/types.js'

/**
 * The same document seen from each side of the wire (OpenAPI readOnly/writeOnly):
 * - request: readOnly properties may not be sent, so they leave `required` and become a
 *   schema that fails with a clear message;
 * - response: writeOnly properties are never required in what the server sends, and
 *   undeclared properties are allowed (the serialiser removes them);
 * - serialise: writeOnly properties are removed, so the serialiser never writes them.
 */
export type Variant = 'request' | 'response' | 'serialise'

export function schemaVariant(document: JsonObject, variant: Variant, options: { propertyDefaults?: boolean } = {}): JsonObject {
  const hidden = variant === 'request' ? 'readOnly' : 'writeOnly'
  return transform(document, (node) => {
    // The serialiser writes a missing property's default; without them it writes only what is there.
    if (options.propertyDefaults === false && isObject(node.properties)) node = withoutPropertyDefaults(node)
    // A response may carry more than the schema declares: the serialiser drops it, so it
    // is not an error here (the client never sees it).
    if (variant === 'response') {
      if (node.additionalProperties === false) delete node.additionalProperties
      if (node.unevaluatedProperties === false) delete node.unevaluatedProperties
    }
    if (variant === 'serialise' && isFreeForm(node)) return { ...node, additionalProperties: true }
    const properties = node.properties
    if (!isObject(properties)) return node
    const names = Object.keys(properties).filter((k) => isObject(properties[k]) && (properties[k] as JsonObject)[hidden] === true)
    if (names.length === 0) return node
    const copy: JsonObject = { ...node, properties: { ...properties } }
    if (Array.isArray(node.required)) copy.required = node.required.filter((r) => !names.includes(r as string))
    for (const name of names) {
      const props = copy.properties as JsonObject
      if (variant === 'request') props[name] = { 'x-macaron-read-only': true }
      else if (variant === 'serialise') delete props[name]
    }
    return copy
  }) as JsonObject
}

function withoutPropertyDefaults(node: JsonObject): JsonObject {
  const properties: JsonObject = {}
  for (const [name, schema] of Object.entries(node.properties as JsonObject)) {
    if (isObject(schema) && 'default' in schema) {
      const { default: _, ...rest } = schema
      properties[name] = rest
    } else properties[name] = schema
  }
  return { ...node, properties }
}

function transform(value: unknown, visit: (node: JsonObject) => JsonObject): unknown {
  if (Array.isArray(value)) return value.map((v) => transform(v, visit))
  if (!isObject(value)) return value
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(value)) out[k] = transform(v, visit)
  return visit(out)
}

/** Rewrites document-local refs ('#/components/...') to refs into the document with this id. */
export function absoluteRefs(value: unknown, documentId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => absoluteRefs(v, documentId))
  if (!isObject(value)) return value
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? documentId + v : absoluteRefs(v, documentId)
  }
  return out
}

/**
 * `{type: object}` with nothing declared is a free-form object in JSON Schema; the
 * serialiser (fast-json-stringify) would write it as `{}`, so it is told to keep everything.
 * An object that declares properties keeps dropping undeclared ones.
 */
function isFreeForm(node: JsonObject): boolean {
  const type = node.type
  const isObjectType = type === 'object' || (Array.isArray(type) && type.includes('object'))
  if (!isObjectType) return false
  return !['properties', 'additionalProperties', 'patternProperties', 'unevaluatedProperties', 'allOf', 'anyOf', 'oneOf', '$ref'].some((k) => k in node)
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
