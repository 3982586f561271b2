import type { FastifyRequest } from 'fastify'
import { InvalidParameter, NotAcceptable, UnsupportedMediaType } from '../errors/http-errors.js'
import type { JsonObject } from '../spec/types.js'
import { compileParameters, type ParsedParameters } from './parameters/index.js'
import { compileFormCoercion, prepareMultipartSchema } from './body/form-coerce.js'
import { matchRequestMediaType, negotiate } from './body/media-type.js'
import type { Operation } from './operations.js'
import type { SchemaStore } from './schema-store.js'
import { describeFieldErrors, fieldErrors, pointerToField, type FieldError } from './validation-errors.js'

export interface Input extends ParsedParameters {
  body: unknown
  /** The declared request media type that matched, when there was a body. */
  mediaType: string | undefined
  /** The response media type the client accepts (content negotiation), if any is declared. */
  accept: string | undefined
}


/** Builds, once per operation, the function that turns a request into validated input. */
export function compileInput(op: Operation, store: SchemaStore): (request: FastifyRequest) => Input {
  const api = op.api.name
  const resolve = store.resolver(api)
  const readParameters = compileParameterStage(op, store)
  const readBody = compileBodyStage(op, store, resolve)
  const produces = successMediaTypes(op)
  return (request) => {
    const accept = produces.length === 0 ? undefined : negotiate(request.headers.accept, produces)
    if (produces.length > 0 && accept === undefined) {
      throw new NotAcceptable(`This operation can send ${produces.join(', ')}; the Accept header admits none of them`)
    }
    const params = readParameters(request)
    const { body, mediaType } = readBody(request)
    // Fields named one by one: V8 spreads this object on a slow path (1.8 µs a request, the
    // largest single cost of the stage when measured).
    return { path: params.path, query: params.query, headers: params.headers, cookies: params.cookies, body, mediaType, accept }
  }
}

function compileParameterStage(op: Operation, store: SchemaStore): (request: FastifyRequest) => ParsedParameters {
  if (op.parameters.length === 0) return () => ({ path: {}, query: {}, headers: {}, cookies: {} })
  const compiled = compileParameters(op.parameters, store.resolver(op.api.name))
  const validate = store.requestValidator(op.api.name, compiled.schema)
  return (request) => {
    const url = request.url
    const q = url.indexOf('?')
    const parsed = compiled.parse({
      path: request.params as Record<string, string>,
      query: q === -1 ? '' : url.slice(q + 1),
      headers: request.headers,
    })
    if (!validate(parsed)) throw invalid(fieldErrors(validate.errors, compiled.locate))
    return parsed
  }
}

type BodyReader = (request: FastifyRequest) => { body: unknown; mediaType: string | undefined }
const NO_BODY = Object.freeze({ body: undefined, mediaType: undefined })

function compileBodyStage(op: Operation, store: SchemaStore, resolve: (s: JsonObject) => JsonObject): BodyReader {
  const requestBody = op.requestBody
  const content = (requestBody?.content ?? {}) as Record<string, JsonObject>
  const declared = Object.keys(content)
  const required = requestBody?.required === true
  const readers = new Map<string, (body: unknown) => unknown>()
  for (const mediaType of declared) readers.set(mediaType, compileMediaType(op, store, resolve, mediaType, content[mediaType]!))
  return (request) => {
    const contentType = request.headers['content-type']
    const hasBody = request.body !== undefined && (contentType !== undefined || Number(request.headers['content-length'] ?? 0) > 0)
    if (!hasBody) {
      if (required) throw invalid([{ field: 'body', location: 'body', message: 'is required' }])
      return NO_BODY
    }
    const mediaType = matchRequestMediaType(contentType, declared)
    if (mediaType === undefined) {
      const accepted = declared.length === 0 ? 'no body' : declared.join(', ')
      throw new UnsupportedMediaType(`Content-Type ${contentType ?? '(none)'} is not accepted here; this operation takes ${accepted}`)
    }
    return { body: readers.get(mediaType)!(request.body), mediaType }
  }
}

function compileMediaType(
  op: Operation,
  store: SchemaStore,
  resolve: (s: JsonObject) => JsonObject,
  mediaType: string,
  media: JsonObject,
): (body: unknown) => unknown {
  const schema = media.schema as JsonObject | undefined
  if (!schema) return (body) => body
  const api = op.api.name
  const essence = mediaType.toLowerCase()
  const isForm = essence === 'application/x-www-form-urlencoded' || essence === 'multipart/form-data'
  const coerce = isForm ? compileFormCoercion(schema, resolve, media.encoding as JsonObject | undefined) : undefined
  const validationSchema = essence === 'multipart/form-data' ? prepareMultipartSchema(schema, resolve) : schema
  const validate = store.requestValidator(api, validationSchema)
  return (raw) => {
    const body = coerce ? coerce(raw as Record<string, unknown>) : raw
    if (!validate(body)) throw invalid(fieldErrors(validate.errors, (p) => ({ location: 'body', field: pointerToField(p) })))
    return body
  }
}

/** Media types of the operation's 2xx responses, for the Accept check before the handler runs. */
function successMediaTypes(op: Operation): string[] {
  const types = new Set<string>()
  for (const [status, response] of Object.entries(op.responses)) {
    if (!/^2/.test(status)) continue
    for (const type of Object.keys((response.content ?? {}) as JsonObject)) types.add(type)
  }
  return [...types]
}

function invalid(errors: FieldError[]): InstanceType<typeof InvalidParameter> {
  return new InvalidParameter(describeFieldErrors(errors), { details: errors })
}
