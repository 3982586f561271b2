// Turning the raw query string and Cookie header into name → raw value(s) maps, once per
// request, plus the small helpers every reader shares. Values stay percent-encoded in the
// maps and are decoded only when a declared parameter reads them, so junk in undeclared
// query values or third-party cookies never costs time or fails a request.

import { InvalidParameter } from '../../errors/http-errors.js'
import type { Location } from './types.js'

/** A name seen once maps to its raw value; seen again, to the list of them in order. */
export type MultiMap = Map<string, string | string[]>

export function invalid(location: Location, field: string, message: string): Error {
  // Same wording as describeFieldErrors, so one bad field reads alike from either stage.
  return new InvalidParameter(`${location} '${field}' ${message}`, { details: [{ field, location, message }] })
}

/** Assigns without ever invoking the `__proto__` setter of a plain object. */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/**
 * Percent-decodes one component; `plus` makes '+' a space (form encoding, query strings only).
 * Returns undefined when the encoding is malformed, so the caller can name the field.
 */
export function decode(text: string, plus: boolean): string | undefined {
  // Most values carry no escapes at all: skip the replace and the try/catch for them.
  if (plus && text.includes('+')) text = text.replaceAll('+', ' ')
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function add(map: MultiMap, key: string, value: string): void {
  const previous = map.get(key)
  if (previous === undefined) map.set(key, value)
  else if (typeof previous === 'string') map.set(key, [previous, value])
  else previous.push(value)
}

/**
 * Splits a query string on '&' (and the first '=' of each piece). Keys are decoded here,
 * since that is how they are matched; a key with malformed escapes is refused.
 * A Map, not an object: keys like `__proto__` are just strings in it.
 */
export function parseQuery(query: string): MultiMap {
  const map: MultiMap = new Map()
  const length = query.length
  let start = 0
  while (start < length) {
    let end = query.indexOf('&', start)
    if (end === -1) end = length
    if (end > start) {
      const eq = query.indexOf('=', start)
      const hasValue = eq !== -1 && eq < end
      const rawKey = query.slice(start, hasValue ? eq : end)
      const key = decode(rawKey, true)
      if (key === undefined) throw invalid('query', rawKey, 'has malformed percent-encoding in its name')
      add(map, key, hasValue ? query.slice(eq + 1, end) : '')
    }
    start = end + 1
  }
  return map
}

/**
 * Splits a Cookie header (`a=1; b=2`). HTTP/2 may deliver several cookie fields, which
 * RFC 9113 says to join with '; '. Pieces without '=' are not name=value pairs and are skipped;
 * a value wrapped in double quotes (allowed by RFC 6265) loses the quotes.
 */
export function parseCookies(header: string | string[]): MultiMap {
  const text = typeof header === 'string' ? header : header.join('; ')
  const map: MultiMap = new Map()
  for (const piece of text.split(';')) {
    const eq = piece.indexOf('=')
    if (eq === -1) continue
    const name = piece.slice(0, eq).trim()
    let value = piece.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (name !== '') add(map, name, value)
  }
  return map
}
