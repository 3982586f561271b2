// What the parameter stage needs to know about a parameter's schema, worked out once at
// compile time: its shape (scalar, array or object), the JSON types to coerce to, the types
// of array items and of each object property. $refs are followed with the caller's resolver.

import { schemaTypes } from '../coerce.js'
import type { JsonObject } from './types.js'

export type Resolve = (schema: JsonObject) => JsonObject
export type Shape = 'primitive' | 'array' | 'object'

/** How one value (a property's, or additional properties') is coerced. */
export interface ValueTypes {
  types: string[] | undefined
  /** The value is an array: repeated keys collect into it and each item gets `items`. */
  array: boolean
  items: string[] | undefined
}

export interface SchemaInfo extends ValueTypes {
  shape: Shape
  /** The schema admits a string, so an empty value is simply ''. */
  admitsString: boolean
  /** Declared properties (a Map, so a property named `__proto__` is only a key). */
  properties: Map<string, ValueTypes>
  /** additionalProperties: false when forbidden, its types when given, else undefined. */
  additional: ValueTypes | false | undefined
}

const COMBINATORS = ['allOf', 'oneOf', 'anyOf'] as const
const MAX_DEPTH = 8

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function follow(schema: unknown, resolve: Resolve): JsonObject {
  if (!isObject(schema)) return {}
  return typeof schema.$ref === 'string' ? resolve(schema) : schema
}

/** schemaTypes, after following the $refs of the schema and of its oneOf/anyOf/allOf members. */
export function typesOf(schema: unknown, resolve: Resolve, depth = 0): string[] | undefined {
  const target = follow(schema, resolve)
  const direct = schemaTypes(target)
  if (direct !== undefined || depth >= MAX_DEPTH) return direct
  const found: string[] = []
  for (const key of COMBINATORS) {
    const members = target[key]
    if (Array.isArray(members)) for (const m of members) found.push(...(typesOf(m, resolve, depth + 1) ?? []))
    if (found.length > 0) return [...new Set(found)]
  }
  return undefined
}

function valueTypes(schema: unknown, resolve: Resolve): ValueTypes {
  const types = typesOf(schema, resolve)
  const array = types !== undefined && types.includes('array')
  return { types, array, items: array ? typesOf(follow(schema, resolve).items, resolve) : undefined }
}

/** Declared properties, including those brought in by allOf/oneOf/anyOf members. */
function collectProperties(schema: unknown, resolve: Resolve, out: Map<string, ValueTypes>, depth: number): void {
  const target = follow(schema, resolve)
  if (isObject(target.properties)) {
    for (const [name, sub] of Object.entries(target.properties)) if (!out.has(name)) out.set(name, valueTypes(sub, resolve))
  }
  if (depth >= MAX_DEPTH) return
  for (const key of COMBINATORS) {
    const members = target[key]
    if (Array.isArray(members)) for (const m of members) collectProperties(m, resolve, out, depth + 1)
  }
}

export function inspectSchema(schema: JsonObject | undefined, resolve: Resolve): SchemaInfo {
  const target = follow(schema, resolve)
  const base = valueTypes(target, resolve)
  const types = base.types
  const shape: Shape = base.array ? 'array' : types?.includes('object') ? 'object' : 'primitive'
  const properties = new Map<string, ValueTypes>()
  let additional: SchemaInfo['additional']
  if (shape !== 'array') {
    collectProperties(target, resolve, properties, 0)
    const extra = target.additionalProperties
    additional = extra === false ? false : isObject(extra) ? valueTypes(extra, resolve) : undefined
  }
  return { ...base, shape, admitsString: types === undefined || types.includes('string'), properties, additional }
}
