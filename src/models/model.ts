import { isDeepStrictEqual } from 'node:util'
import { InvalidModel } from '../errors/http-errors.js'
import type { ValidateFunction } from '../pipeline/ajv.js'
import type { JsonObject } from '../spec/types.js'
import { toJsonValue, toModelValue, type Resolve } from './convert.js'
import { modelFieldErrors } from './schemas.js'

/** Where a model class finds its schema; set on the class by buildModels at start-up. */
export const BINDING = Symbol.for('macaron.model.binding')

export interface ModelBinding {
  api: string
  name: string
  schema: JsonObject
  resolve: Resolve
  /** The schema's validator, compiled on first use: start-up does not pay for schemas no code builds. */
  validator: () => ValidateFunction
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelConstructor<M extends BaseModel = BaseModel> = new (...args: any[]) => M

/** A model class as createApp builds it: a constructor with the static fromJson. */
export type ModelClass<M extends BaseModel = BaseModel> = ModelConstructor<M> & Pick<typeof BaseModel, 'fromJson'>

/** The binding of a model class, or a clear error when the class was never bound to a schema. */
export function bindingOf(cls: unknown): ModelBinding {
  const binding = (cls as { [BINDING]?: ModelBinding })[BINDING]
  if (!binding) throw new Error(`${(cls as { name?: string }).name ?? 'this class'} is not bound to a schema: it must be named by x-persist in a spec that createApp loaded`)
  return binding
}

/**
 * What every model has. Fields are own properties (`profile.name`), methods live on the
 * prototype and internal state under symbols, so that a model validates and serialises
 * like the plain object it stands for. The constructor assigns without checking; fromJson
 * checks, and persisted models check again before every write.
 */
export class BaseModel {
  // Fields come from the schema at run time; subclasses narrow them with `declare name: string`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any

  constructor(fields: object = {}) {
    Object.assign(this, fields)
  }

  /** A model from a JSON object, validated against the schema (defaults filled in); INVALID_MODEL 400 with the fields otherwise. */
  static fromJson<C extends ModelConstructor>(this: C, json: unknown): InstanceType<C> {
    const binding = bindingOf(this)
    // The model form first (int64 decimal strings that toJSON wrote become bigints again,
    // base64 byte fields Buffers), then its JSON view is what the schema checks.
    const given = toModelValue(json, binding.schema, binding.resolve)
    const copy = toJsonValue(given, binding.schema, binding.resolve, 'number')
    check(binding, copy)
    return new this(toModelValue(restoreExact(copy, given), binding.schema, binding.resolve)) as InstanceType<C>
  }

  /** The plain object: Buffers (byte/binary) as base64, Dates as strings; bigints kept exact. */
  toJson(): Record<string, unknown> {
    const { schema, resolve } = bindingOf(this.constructor)
    return toJsonValue(this, schema, resolve, 'keep') as Record<string, unknown>
  }

  /** The JSON text form (JSON.stringify, handler results): as toJson, with int64 beyond 2^53 as decimal strings. */
  toJSON(): Record<string, unknown> {
    const { schema, resolve } = bindingOf(this.constructor)
    return toJsonValue(this, schema, resolve, 'string') as Record<string, unknown>
  }

  /** A deep copy of the same class. */
  clone(): this {
    return new (this.constructor as new (fields: object) => this)(deepCopy(fieldsOf(this)))
  }

  /** Names of the top-level fields whose values differ from `other`'s (set on one side only counts). */
  diff(other: BaseModel | Record<string, unknown>): string[] {
    const mine = fieldsOf(this)
    const theirs = fieldsOf(other)
    const names = new Set([...Object.keys(mine), ...Object.keys(theirs)])
    return [...names].filter((name) => !isDeepStrictEqual(mine[name], theirs[name])).sort()
  }

  /** Throws INVALID_MODEL (400, with the fields) unless the model matches its schema. */
  validate(): this {
    const binding = bindingOf(this.constructor)
    check(binding, toJsonValue(this, binding.schema, binding.resolve, 'number'))
    return this
  }
}

/** A model of a schema without x-persist: update() changes it in memory. */
export class Model extends BaseModel {
  /** Sets the given fields (undefined removes one), then validates; on INVALID_MODEL the model is left as it was. */
  update(partial: Record<string, unknown>): this {
    const before = fieldsOf(this)
    applyPartial(this, partial)
    try {
      return this.validate()
    } catch (error) {
      for (const name of Object.keys(this)) delete this[name]
      Object.assign(this, before)
      throw error
    }
  }
}

export function applyPartial(target: Record<string, unknown>, partial: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(partial)) {
    if (value === undefined) delete target[name]
    else target[name] = value
  }
}

/** Validates plain fields as the model of `binding` would hold them (INVALID_MODEL otherwise). */
export function validateFields(binding: ModelBinding, fields: Record<string, unknown>): void {
  check(binding, toJsonValue(fields, binding.schema, binding.resolve, 'number'))
}

function check(binding: ModelBinding, value: unknown): void {
  const validate = binding.validator()
  if (validate(value)) return
  const errors = modelFieldErrors(validate)
  const first = errors[0]
  const what = first ? `'${first.field}' ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : 'does not match its schema'
  throw new InvalidModel(`${binding.name} is invalid: ${what}`, { details: { errors } })
}

/** Validation saw bigints as numbers and bytes as base64; the model keeps the exact values it was given. */
function restoreExact(copy: unknown, original: unknown): unknown {
  if (typeof original === 'bigint' || original instanceof Uint8Array) return original
  if (Array.isArray(copy) && Array.isArray(original)) return copy.map((v, i) => restoreExact(v, original[i]))
  if (copy && typeof copy === 'object' && original && typeof original === 'object' && !Array.isArray(copy)) {
    const out: Record<string, unknown> = { ...(copy as Record<string, unknown>) }
    for (const key of Object.keys(out)) out[key] = restoreExact(out[key], (original as Record<string, unknown>)[key])
    return out
  }
  return copy
}

export function fieldsOf(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = (value as Record<string, unknown>)[key]
  return out
}

function deepCopy<T>(value: T): T {
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T
  if (value instanceof Uint8Array) return new Uint8Array(value) as T
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (Array.isArray(value)) return value.map(deepCopy) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>
    for (const key of Object.keys(value)) out[key] = deepCopy((value as Record<string, unknown>)[key])
    return out as T
  }
  return value
}
