import { InvalidParameter, PayloadTooLarge } from '../../errors/http-errors.js'
import { FORBIDDEN_PROPERTY } from './json.js'

/**
 * application/x-www-form-urlencoded (WHATWG URL §5.1): `+` is a space, `%XX` are UTF-8
 * bytes. Values stay strings (form-coerce.ts types them by the schema); a repeated name
 * gives an array in the order sent. Unlike URLSearchParams, malformed percent-encoding is
 * refused rather than passed through, so a client bug is not stored as literal `%zz`.
 */
export function parseUrlEncoded(text: string, maxFields: number): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null)
  let count = 0
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('&', start)
    if (end < 0) end = text.length
    if (end > start) {
      if (++count > maxFields) throw new PayloadTooLarge(`The form has more than ${maxFields} fields.`)
      const eq = text.indexOf('=', start)
      const hasValue = eq >= 0 && eq < end
      const rawName = text.slice(start, hasValue ? eq : end)
      const name = decode(rawName, rawName)
      appendField(fields, name, hasValue ? decode(text.slice(eq + 1, end), name) : '')
    }
    start = end + 1
  }
  return fields
}

function decode(text: string, field: string): string {
  // Fast path: most names and many values need no decoding at all.
  if (text.indexOf('%') < 0 && text.indexOf('+') < 0) return text
  const spaced = text.replaceAll('+', ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    // Not `%` + two hex digits, or bytes that are not UTF-8.
    throw new InvalidParameter('The form body has malformed percent-encoding.', {
      details: [{ field: field.length > 100 ? `${field.slice(0, 100)}…` : field, location: 'body', message: 'malformed percent-encoding' }],
    })
  }
}

/**
 * Adds a value under a name, turning repeats into an array. `fields` must have a null
 * prototype so that names like `toString` are plain data; `__proto__` is refused outright,
 * as in JSON bodies, because code that copies the result with Object.assign would still
 * set a prototype from it.
 */
export function appendField<T>(fields: Record<string, T | T[]>, name: string, value: T): void {
  if (name === '__proto__') {
    throw new InvalidParameter('The body has a forbidden property name.', {
      details: [{ field: name, location: 'body', message: FORBIDDEN_PROPERTY }],
    })
  }
  const existing = fields[name]
  if (existing === undefined) fields[name] = value
  else if (Array.isArray(existing)) existing.push(value)
  else fields[name] = [existing, value]
}
