import { BadResponse } from '../errors/http-errors.js'
import type { JsonObject } from '../spec/types.js'
import { negotiate } from './body/media-type.js'
import { isReply } from './handler-types.js'
import type { Operation } from './operations.js'
import type { SchemaStore, Serialiser } from './schema-store.js'
import type { CheckedSerialiser } from './checked-serialiser.js'
import type { ValidateFunction } from './ajv.js'
import { coerceScalar, schemaTypes } from './coerce.js'

export interface Output {
  status: number
  headers: Record<string, string>
  contentType: string | undefined
  payload: string | Buffer | undefined
}

interface CompiledMedia {
  type: string
  /** The Content-Type header sent: the type, with charset=utf-8 for JSON. */
  contentType: string
  json: boolean
  validate: ValidateFunction | undefined
  serialise: Serialiser
  /** Validation and serialisation in one pass for the common case, when validating (see checked-serialiser.ts). */
  checked: CheckedSerialiser | undefined
}

interface CompiledResponse {
  media: Map<string, CompiledMedia>
  types: string[]
  headers: Array<{ name: string; required: boolean; validate: ValidateFunction | undefined; types: string[] | undefined }>
}

const JSON_TYPE = /^application\/(.+\+)?json$/i
/** The headers of a plain return value: none, shared rather than a new object a request. */
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>

/**
 * Builds, once per operation, the function that checks what a handler returned against
 * the spec and serialises it. Anything the spec does not declare (a status, a missing
 * header, a body of the wrong shape) is a BAD_RESPONSE: the client gets a 500 with the
 * standard body; the reasons go to the log only.
 */
export function compileOutput(op: Operation, store: SchemaStore, options: { validate: boolean }): (result: unknown, accept: string | undefined) => Output {
  const responses = new Map<string, CompiledResponse>()
  for (const [status, response] of Object.entries(op.responses)) responses.set(status.toUpperCase(), compileResponse(op, store, response, options.validate))
  const defaultStatus = pickDefaultStatus(Object.keys(op.responses))
  const lookup = (status: number) => responses.get(String(status)) ?? responses.get(`${String(status)[0]}XX`) ?? responses.get('DEFAULT')
  // What most handlers return (a plain body, the default status) is looked up once, here.
  const defaultSpec = lookup(defaultStatus)
  return (result, accept) => {
    const replied = isReply(result)
    const status = replied ? result.status : defaultStatus
    const body = replied ? result.body : result
    const headers: Record<string, string> = replied ? { ...result.headers } : NO_HEADERS
    const spec = replied ? lookup(status) : defaultSpec
    if (!spec) throw bad(op, status, [`status ${status} is not declared for this operation`])
    checkHeaders(op, status, spec, headers)
    if (spec.types.length === 0) {
      if (body !== undefined && body !== null && body !== '') throw bad(op, status, ['the spec declares no body for this status, the handler returned one'])
      return { status, headers, contentType: undefined, payload: undefined }
    }
    const type = accept !== undefined && spec.media.has(accept) ? accept : (negotiate(undefined, spec.types) ?? spec.types[0]!)
    const media = spec.media.get(type)!
    return { status, headers, contentType: media.contentType, payload: encode(op, status, media, body) }
  }
}

function encode(op: Operation, status: number, media: CompiledMedia, body: unknown): string | Buffer {
  if (!media.json) {
    if (typeof body === 'string' || Buffer.isBuffer(body)) return body
    throw bad(op, status, [`a ${media.type} body must be a string or a Buffer`])
  }
  if (body === undefined) throw bad(op, status, ['the handler returned no body; the spec declares one'])
  if (media.checked) {
    const written = media.checked(body)
    if (written !== undefined) return written
  }
  let value: unknown = body
  if (media.validate && !media.validate(value)) {
    // Dates and objects with toJSON (models) are valid once in their JSON form; the
    // round-trip costs only on this path, never for plain data.
    const plain = JSON.parse(JSON.stringify(value)) as unknown
    if (!media.validate(plain)) {
      throw bad(op, status, (media.validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is invalid'}`))
    }
    value = plain
  }
  return media.serialise(value)
}

function compileResponse(op: Operation, store: SchemaStore, response: JsonObject, validate: boolean): CompiledResponse {
  const api = op.api.name
  const media = new Map<string, CompiledMedia>()
  for (const [type, item] of Object.entries((response.content ?? {}) as Record<string, JsonObject>)) {
    const schema = item.schema as JsonObject | undefined
    const json = JSON_TYPE.test(type)
    const checks = json && schema !== undefined && validate
    media.set(type, {
      type,
      contentType: json ? `${type}; charset=utf-8` : type,
      json,
      validate: checks ? store.responseValidator(api, schema) : undefined,
      serialise: json && schema ? store.serialiser(api, schema) : (v) => JSON.stringify(v),
      checked: checks ? store.checkedSerialiser(api, schema) : undefined,
    })
  }
  const resolve = store.resolver(api)
  const headers = Object.entries((response.headers ?? {}) as Record<string, JsonObject>).map(([name, raw]) => {
    const header = resolve(raw)
    const schema = header.schema as JsonObject | undefined
    return {
      name: name.toLowerCase(),
      required: header.required === true,
      validate: schema && validate ? store.responseValidator(api, schema) : undefined,
      types: schema ? schemaTypes(resolve(schema)) : undefined,
    }
  })
  return { media, types: [...media.keys()], headers }
}

function checkHeaders(op: Operation, status: number, spec: CompiledResponse, headers: Record<string, string>): void {
  if (spec.headers.length === 0) return
  const given = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  const problems: string[] = []
  for (const h of spec.headers) {
    const value = given.get(h.name)
    if (value === undefined) {
      if (h.required) problems.push(`header ${h.name} is required`)
    } else if (h.validate && !h.validate(coerceScalar(String(value), h.types))) {
      problems.push(`header ${h.name} ${h.validate.errors?.[0]?.message ?? 'is invalid'}`)
    }
  }
  if (problems.length > 0) throw bad(op, status, problems)
}

/** The operation's only 2xx status, else 200 when declared, else the lowest 2xx, else 200. */
export function pickDefaultStatus(statuses: string[]): number {
  const success = statuses.filter((s) => /^2[0-9][0-9]$/.test(s)).map(Number)
  if (success.length === 1) return success[0]!
  if (success.includes(200)) return 200
  return success.length > 0 ? Math.min(...success) : 200
}

function bad(op: Operation, status: number, problems: string[]): InstanceType<typeof BadResponse> {
  return new BadResponse(undefined, { cause: { operationId: op.operationId, status, problems } })
}
