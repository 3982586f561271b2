// Strict coercion of the strings that arrive in paths, query strings, headers, cookies and
// form fields into the types their schema asks for. A string becomes a number only when it
// is a plain decimal literal JSON could hold (no hex, no blanks, no Infinity, no leading
// zeros), a boolean only from `true`/`false`, null only from `null` where the schema allows
// it. Anything else is left as the string, so the validator reports it against the schema.

const INTEGER = /^-?(0|[1-9][0-9]*)$/
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/

export type Schema = Record<string, unknown>

/** The JSON types a schema admits, in the order to try them; undefined when unconstrained. */
export function schemaTypes(schema: Schema | undefined): string[] | undefined {
  if (!schema) return undefined
  const type = schema.type
  if (typeof type === 'string') return schema.nullable === true ? [type, 'null'] : [type]
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string')
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = schema[key]
    if (Array.isArray(list)) {
      const types = list.flatMap((s) => schemaTypes(s as Schema) ?? [])
      if (types.length > 0) return [...new Set(types)]
    }
  }
  if (schema.properties !== undefined) return ['object']
  if (schema.items !== undefined) return ['array']
  return undefined
}

export function coerceScalar(text: string, types: readonly string[] | undefined): unknown {
  if (!types) return text
  // A schema admitting strings takes the text as it is: '007' stays '007'.
  if (types.includes('string')) return text
  for (const type of types) {
    if (type === 'integer') {
      const n = integerOf(text)
      if (n !== undefined) return n
    } else if (type === 'number' && NUMBER.test(text)) {
      const n = Number(text)
      if (Number.isFinite(n)) return n
    } else if (type === 'boolean' && (text === 'true' || text === 'false')) {
      return text === 'true'
    } else if (type === 'null' && text === 'null') {
      return null
    }
  }
  return text
}

/**
 * coerceScalar for one schema's types, decided once when the parameter's reader is built:
 * a lone `integer` (ids in paths, page sizes) skips the list walk per request.
 */
export function scalarCoercer(types: readonly string[] | undefined): (text: string) => unknown {
  if (!types || types.includes('string')) return (text) => text
  if (types.length === 1 && types[0] === 'integer') {
    return (text) => {
      const n = integerOf(text)
      return n === undefined ? text : n
    }
  }
  return (text) => coerceScalar(text, types)
}

/**
 * The safe integer a plain decimal literal spells (INTEGER's grammar), else undefined.
 * Up to 15 digits every literal is a safe integer and is read digit by digit, which costs a
 * few ns where the regex test and Number() cost about 40; longer ones go through both.
 */
function integerOf(text: string): number | undefined {
  const length = text.length
  const start = length > 0 && text.charCodeAt(0) === 45 /* - */ ? 1 : 0
  const digits = length - start
  if (digits === 0 || (digits > 1 && text.charCodeAt(start) === 48) /* leading 0 */) return undefined
  if (digits > 15) {
    if (!INTEGER.test(text)) return undefined
    const n = Number(text)
    return Number.isSafeInteger(n) ? n : undefined
  }
  let value = 0
  for (let i = start; i < length; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return undefined
    value = value * 10 + digit
  }
  return start === 1 ? -value : value
}
