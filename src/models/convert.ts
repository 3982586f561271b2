import type { JsonObject } from '../spec/types.js'

/** Follows `$ref`s within the API's document. */
export type Resolve = (schema: unknown) => JsonObject

/** How a bigint (an int64 beyond 2^53) is written: kept (code, storage), as a number (validation), as a decimal string (JSON text). */
export type BigintMode = 'keep' | 'number' | 'string'

// What a model holds, field by field, is the schema's JSON form with three exceptions that
// JSON cannot carry: format byte/binary fields hold a Buffer, int64 fields beyond 2^53 a
// bigint, and a Date given for a date/date-time string is kept until it is written out.
// These functions walk a value beside its schema to convert between the forms.

function sub(schema: JsonObject | undefined, resolve: Resolve, pick: (s: JsonObject) => unknown): JsonObject | undefined {
  if (!schema) return undefined
  const direct = pick(schema)
  if (direct !== undefined && typeof direct === 'object' && direct !== null) return resolve(direct)
  for (const group of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[group]
    if (!Array.isArray(list)) continue
    for (const member of list) {
      const found = sub(resolve(member), resolve, pick)
      if (found) return found
    }
  }
  return undefined
}

export function propertySchema(schema: JsonObject | undefined, name: string, resolve: Resolve): JsonObject | undefined {
  return sub(schema, resolve, (s) => (s.properties as JsonObject | undefined)?.[name] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined))
}

function itemSchema(schema: JsonObject | undefined, resolve: Resolve): JsonObject | undefined {
  return sub(schema, resolve, (s) => s.items)
}

export function formatOf(schema: JsonObject | undefined): string | undefined {
  return typeof schema?.format === 'string' ? schema.format : undefined
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array || v instanceof Date) return false
  return true
}

/** The JSON form: Buffers as base64, Dates as the schema's string, bigints by `mode`, undefined dropped. */
export function toJsonValue(value: unknown, schema: JsonObject | undefined, resolve: Resolve, mode: BigintMode): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  if (value instanceof Date) return formatOf(schema) === 'date' ? value.toISOString().slice(0, 10) : value.toISOString()
  if (typeof value === 'bigint') return mode === 'keep' ? value : mode === 'number' ? Number(value) : value.toString()
  if (Array.isArray(value)) {
    const items = itemSchema(schema, resolve)
    return value.map((v) => (v === undefined ? null : toJsonValue(v, items, resolve, mode)))
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const v = value[key]
      if (v !== undefined && typeof v !== 'function') out[key] = toJsonValue(v, propertySchema(schema, key, resolve), resolve, mode)
    }
    return out
  }
  return value
}

/** What the model holds from a JSON or stored value: byte/binary fields as Buffers, safe bigints as numbers. */
export function toModelValue(value: unknown, schema: JsonObject | undefined, resolve: Resolve): unknown {
  // base64 is the JSON form of format byte only; a format binary string has no agreed encoding, so it stays a string.
  if (typeof value === 'string' && formatOf(schema) === 'byte') return Buffer.from(value, 'base64')
  // toJSON writes int64 beyond 2^53 as a decimal string (JSON numbers would round it): read it back exactly.
  if (typeof value === 'string' && formatOf(schema) === 'int64' && /^-?[0-9]{16,}$/.test(value) && !Number.isSafeInteger(Number(value))) return BigInt(value)
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
  if (Array.isArray(value)) {
    const items = itemSchema(schema, resolve)
    return value.map((v) => toModelValue(v, items, resolve))
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) out[key] = toModelValue(value[key], propertySchema(schema, key, resolve), resolve)
    return out
  }
  return value
}
