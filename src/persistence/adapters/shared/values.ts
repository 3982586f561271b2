// Stored values in and out of a backend. Memory copies them (so a caller cannot change
// what is stored); SQLite keeps them as JSON text, with bigint and binary tagged.
import type { StoredItem, StoredValue } from '../../store.js'

function invalid(path: string, value: unknown): TypeError {
  const kind = value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value
  return new TypeError(`attribute ${path} holds ${kind === 'number' ? String(value) : kind}, which is not a stored value`)
}

/** A deep copy that also refuses what no backend can store (undefined, NaN, Infinity, Date, class instances). */
export function copyValue(value: StoredValue, path: string): StoredValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, value)
      return value
    case 'object':
      if (value === null) return null
      // Buffers become plain Uint8Arrays, so what comes back deep-equals what the model layer sent.
      if (value instanceof Uint8Array) return new Uint8Array(value)
      if (Array.isArray(value)) return value.map((v, i) => copyValue(v, `${path}[${i}]`))
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) return copyItem(value, path)
  }
  throw invalid(path, value)
}

export function copyItem(item: StoredItem, path = ''): StoredItem {
  const out: StoredItem = {}
  for (const name of Object.keys(item)) out[name] = copyValue(item[name] as StoredValue, path === '' ? name : `${path}.${name}`)
  return out
}

// JSON cannot hold bigint or binary: they become one-key objects whose key starts with NUL
// ("\0n": digits, "\0b": base64), and a real key starting with NUL gets one more NUL. JSON
// text escapes NUL as \u0000, so text without that sequence has no tags and is parsed as is.
const BIGINT = '\0n'
const BINARY = '\0b'

function tag(value: StoredValue, path: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'bigint':
      return { [BIGINT]: value.toString() }
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, value)
      return value
    case 'object': {
      if (value === null) return null
      if (value instanceof Uint8Array) return { [BINARY]: Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64') }
      if (Array.isArray(value)) {
        let out: unknown[] | undefined
        for (let i = 0; i < value.length; i++) {
          const v = tag(value[i] as StoredValue, path)
          if (v !== value[i]) (out ??= value.slice())[i] = v
        }
        return out ?? value
      }
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) throw invalid(path, value)
      let out: Record<string, unknown> | undefined
      const names = Object.keys(value)
      for (const name of names) {
        const v = tag(value[name] as StoredValue, path === '' ? name : `${path}.${name}`)
        if (v !== value[name] || name.startsWith('\0')) {
          out ??= {}
          break
        }
      }
      if (out === undefined) return value
      for (const name of names) out[name.startsWith('\0') ? '\0' + name : name] = tag(value[name] as StoredValue, path === '' ? name : `${path}.${name}`)
      return out
    }
    default:
      throw invalid(path, value)
  }
}

function untag(value: unknown): StoredValue {
  if (typeof value !== 'object' || value === null) return value as StoredValue
  if (Array.isArray(value)) return value.map(untag)
  const record = value as Record<string, unknown>
  const names = Object.keys(record)
  if (names.length === 1) {
    const only = record[names[0] as string]
    if (names[0] === BIGINT) return BigInt(only as string)
    if (names[0] === BINARY) return new Uint8Array(Buffer.from(only as string, 'base64'))
  }
  const out: StoredItem = {}
  for (const name of names) out[name.startsWith('\0') ? name.slice(1) : name] = untag(record[name])
  return out
}

export function encodeItem(item: StoredItem): string {
  return JSON.stringify(tag(item, ''))
}

export function decodeItem(text: string): StoredItem {
  const parsed = JSON.parse(text) as StoredItem
  return text.includes('\\u0000') ? (untag(parsed) as StoredItem) : parsed
}
