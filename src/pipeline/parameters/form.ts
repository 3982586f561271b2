// Reading query and cookie parameters from the per-request name → raw values map. A plain
// parameter is one key; an exploded form array repeats its key (`id=3&id=4`); an exploded
// form object spreads over keys named by its properties (`R=100&G=200`); a deepObject uses
// `color[R]=100` keys. Only declared names are ever copied out of the map.

import { coerceScalar } from '../coerce.js'
import { decode, type MultiMap } from './decode.js'
import type { SchemaInfo } from './schema-info.js'
import { addProperty, emptyValue, type Fail } from './values.js'

export interface FormContext {
  name: string
  style: string
  explode: boolean
  info: SchemaInfo
  allowEmpty: boolean
  /** Query strings: '+' is a space. Cookies: only percent-decoding. */
  plus: boolean
  /**
   * Query strings refuse a repeated key for a non-array value. Browsers legitimately send two
   * cookies of one name (set for different paths, the more specific first), so cookies take the first.
   */
  firstWins: boolean
  /** Keys that belong to other parameters of the same location (for free-form exploded objects). */
  claimed: (key: string) => boolean
  fail: Fail
}

type Reader = (map: MultiMap) => unknown

/** One decoded value for a key, or undefined when absent. */
export function compileSingle(name: string, plus: boolean, firstWins: boolean, fail: Fail): (map: MultiMap) => string | undefined {
  return (map) => {
    let raw = map.get(name)
    if (raw === undefined) return undefined
    if (typeof raw !== 'string') raw = firstWins ? raw[0]! : fail(name, 'is given more than once')
    return decode(raw, plus) ?? fail(name, 'has malformed percent-encoding')
  }
}

/** The reader for parameters spread over several keys; undefined when the parameter is one key. */
export function compileSpreadReader(c: FormContext): Reader | undefined {
  const { name, info, plus, fail } = c
  const text = (raw: string, field: string): string => decode(raw, plus) ?? fail(field, 'has malformed percent-encoding')
  // Every value of a key, in order, or just the first when the property is a scalar cookie.
  const values = (raw: string | string[], array: boolean): string[] | string =>
    typeof raw === 'string' ? raw : !array && c.firstWins ? raw[0]! : raw

  const addAll = (out: Record<string, unknown>, key: string, raw: string | string[]): void => {
    const field = `${name}.${key}`
    const list = values(raw, (info.properties.get(key) ?? (info.additional || undefined))?.array === true)
    if (typeof list === 'string') addProperty(out, key, text(list, field), info, name, fail)
    else for (const one of list) addProperty(out, key, text(one, field), info, name, fail)
  }

  if (c.style === 'deepObject') {
    const prefix = `${name}[`
    return (map) => {
      let out: Record<string, unknown> | undefined
      for (const [key, raw] of map) {
        if (!key.startsWith(prefix)) continue
        const close = key.indexOf(']', prefix.length)
        // OpenAPI defines one level only: `a[b][c]` has no meaning, so it is refused, not guessed at.
        if (close !== key.length - 1) fail(key, 'must be name[property] (deepObject has one level)')
        addAll((out ??= {}), key.slice(prefix.length, close), raw)
      }
      return out
    }
  }
  if (!c.explode) return undefined

  if (info.shape === 'array') {
    const items = info.items
    const empty = emptyValue(info, c.allowEmpty)
    return (map) => {
      const raw = map.get(name)
      if (raw === undefined) return undefined
      if (typeof raw === 'string') {
        const one = text(raw, name)
        return one === '' ? empty() : [coerceScalar(one, items)]
      }
      return raw.map((r) => coerceScalar(text(r, name), items))
    }
  }
  if (info.shape !== 'object' || c.style !== 'form') return undefined

  const declared = [...info.properties.keys()]
  if (declared.length > 0) {
    return (map) => {
      let out: Record<string, unknown> | undefined
      for (const key of declared) {
        const raw = map.get(key)
        if (raw !== undefined) addAll((out ??= {}), key, raw)
      }
      return out
    }
  }
  if (info.additional === false) return () => undefined
  // A free-form object (no declared properties) gathers every key no other parameter claims.
  return (map) => {
    let out: Record<string, unknown> | undefined
    for (const [key, raw] of map) if (!c.claimed(key)) addAll((out ??= {}), key, raw)
    return out
  }
}
