// Building parsed values from strings: scalars, array items and object properties are each
// coerced by their own schema types (coerceScalar); what cannot be coerced stays a string
// for the validator to report against the schema.

import { coerceScalar } from '../coerce.js'
import { put } from './decode.js'
import type { SchemaInfo } from './schema-info.js'

/** Throws InvalidParameter for `field` (the parameter, or `name.property`). */
export type Fail = (field: string, message: string) => never

/** Coerces every item in place: split() made the array, nobody else holds it. */
export function coerceItems(list: string[], types: readonly string[] | undefined): unknown[] {
  const out = list as unknown[]
  if (types !== undefined) for (let i = 0; i < list.length; i++) out[i] = coerceScalar(list[i]!, types)
  return out
}

/**
 * What an empty value ('' — `?a=`, `;a`, `.`) becomes. Where the schema admits a string it is
 * ''. Otherwise it stays '' for the validator to refuse, unless allowEmptyValue is set: then
 * an array or object is empty and a scalar is absent (so a declared default can fill in).
 */
export function emptyValue(info: SchemaInfo, allowEmpty: boolean): () => unknown {
  if (info.admitsString || !allowEmpty) return () => ''
  if (info.shape === 'array') return () => []
  if (info.shape === 'object') return () => ({})
  return () => undefined
}

/**
 * Adds one property to an object parameter. A property declared as an array collects every
 * occurrence; any other property given twice is refused rather than silently keeping one.
 */
export function addProperty(target: Record<string, unknown>, key: string, text: string, info: SchemaInfo, name: string, fail: Fail): void {
  const prop = info.properties.get(key) ?? (info.additional || undefined)
  const seen = Object.hasOwn(target, key)
  if (prop?.array) {
    const value = coerceScalar(text, prop.items)
    if (seen) (target[key] as unknown[]).push(value)
    else put(target, key, [value])
  } else if (seen) {
    fail(`${name}.${key}`, 'is given more than once')
  } else {
    put(target, key, coerceScalar(text, prop?.types))
  }
}

/** `R,100,G,200` split on its separator: alternate names and values. */
export function fromPairs(list: string[], info: SchemaInfo, name: string, fail: Fail): Record<string, unknown> {
  if (list.length % 2 !== 0) fail(name, 'must be a list of name,value pairs')
  const out: Record<string, unknown> = {}
  for (let i = 0; i < list.length; i += 2) addProperty(out, list[i]!, list[i + 1]!, info, name, fail)
  return out
}

/** `R=100,G=200` split on its separator: name=value assignments. */
export function fromAssignments(list: string[], info: SchemaInfo, name: string, fail: Fail): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const piece of list) {
    const eq = piece.indexOf('=')
    if (eq === -1) fail(name, 'must be a list of name=value pairs')
    addProperty(out, piece.slice(0, eq), piece.slice(eq + 1), info, name, fail)
  }
  return out
}
