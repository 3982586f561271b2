import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { TextDecoder } from 'node:util'
import { isApiError, type ApiError } from '../../errors/api-error.js'
import { BadRequest, InvalidParameter, MalformedJson, PayloadTooLarge, UnsupportedMediaType } from '../../errors/http-errors.js'
import { parseJson } from './json.js'
import { parseMediaType } from './media-type.js'
import { parseMultipart, type MultipartLimits } from './multipart.js'
import { parseUrlEncoded } from './urlencoded.js'

export interface BodyParserOptions {
  /** Bytes; the whole body, whatever its type. */
  bodyLimit: number
  /** Bytes of one multipart file part; defaults to bodyLimit. */
  maxFileSize?: number
  /** Multipart file parts; default 10. */
  maxFiles?: number
  /** Multipart fields and url-encoded pairs; default 1000. */
  maxFields?: number
}

export const DEFAULT_MAX_FILES = 10
export const DEFAULT_MAX_FIELDS = 1000

// Any `type/subtype+json` (RFC 6839). Fastify tests a RegExp against the normalised header,
// parameters included, and warns unless it is anchored.
const JSON_SUFFIX = /^[^/;\s]+\/[^;\s]+\+json(?:;|$)/
const TEXT = /^text\/[^;\s]+(?:;|$)/
const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii'])
const decoders = new Map<string, TextDecoder>()

type Done = (err: Error | null, body?: unknown) => void

/**
 * Replaces Fastify's parsers with the ones Macaron needs. Bodies are parsed by their own
 * Content-Type whatever the operation declares; the operation's check (matchRequestMediaType)
 * then answers 415 with Macaron's error body, which is why a catch-all keeps any other type
 * as a raw Buffer instead of letting Fastify refuse it first.
 */
// Any logger type: an instance built with a pino `loggerInstance` is typed with pino's Logger.
type AnyFastify<Logger extends FastifyBaseLogger = FastifyBaseLogger> = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>

export function registerBodyParsers<Logger extends FastifyBaseLogger>(fastify: AnyFastify<Logger>, options: BodyParserOptions): void {
  const { bodyLimit } = options
  const limits: MultipartLimits = {
    bodyLimit,
    maxFileSize: options.maxFileSize ?? bodyLimit,
    maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
    maxFields: options.maxFields ?? DEFAULT_MAX_FIELDS,
  }
  fastify.removeAllContentTypeParsers()

  const json = (_request: unknown, body: string, done: Done) => {
    try {
      done(null, parseJson(body))
    } catch (err) {
      done(err as Error)
    }
  }
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, json)
  fastify.addContentTypeParser(JSON_SUFFIX, { parseAs: 'string', bodyLimit }, json)

  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_request, body: string, done: Done) => {
    try {
      done(null, parseUrlEncoded(body, limits.maxFields))
    } catch (err) {
      done(err as Error)
    }
  })

  // Streamed: busboy sees the parts as they arrive and the limits apply while reading.
  fastify.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    parseMultipart(request.headers, payload, limits, done)
  })

  fastify.addContentTypeParser(TEXT, { parseAs: 'buffer', bodyLimit }, (request, body: Buffer, done: Done) => {
    try {
      done(null, decodeText(body, parseMediaType(request.headers['content-type'])?.params.charset))
    } catch (err) {
      done(err as Error)
    }
  })

  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body: Buffer, done: Done) => done(null, body))
}

/** text/* in its declared charset (UTF-8 when none); an unknown charset is a 415. */
function decodeText(body: Buffer, charset: string | undefined): string {
  const label = charset?.toLowerCase()
  if (label === undefined || UTF8.has(label)) return body.toString('utf8')
  let decoder = decoders.get(label)
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label)
    } catch {
      throw new UnsupportedMediaType(`The charset ${label.slice(0, 40)} is not supported.`)
    }
    decoders.set(label, decoder)
  }
  return decoder.decode(body)
}

/**
 * Fastify's own body errors as Macaron errors, for the error handler; undefined when `err`
 * is not one (an ApiError is returned as it is). A bare SyntaxError is only taken for a JSON
 * body error when it carries a 4xx statusCode, as body parsers set: one thrown by a handler
 * is a bug and must stay a 500.
 *
 * FST_ERR_CTP_EMPTY_TYPE is deliberately not translated: Fastify raises it when a parser is
 * registered for '' (a startup bug), never for a request; an empty Content-Type header on a
 * request arrives as FST_ERR_CTP_INVALID_MEDIA_TYPE, which is.
 */
export function translateFastifyError(err: unknown, bodyLimit?: number): ApiError | undefined {
  if (isApiError(err)) return err
  if (typeof err !== 'object' || err === null) return undefined
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown }
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLarge(bodyLimit === undefined ? 'The body is larger than the configured limit.' : `The body is larger than the limit of ${bodyLimit} bytes.`, { cause: err })
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaType('The Content-Type header is not a valid media type.', { cause: err })
    case 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE':
      return new UnsupportedMediaType('A request with this method must have a Content-Type.', { cause: err })
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new MalformedJson('The body is empty; a JSON value was expected.', { cause: err })
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new MalformedJson('The body is not valid JSON.', { cause: err })
    case 'FST_ERR_BAD_URL':
      return new BadRequest('The URL is not valid: its percent-encoding is malformed.', { cause: err })
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new InvalidParameter('The body length does not match Content-Length.', {
        cause: err,
        details: [{ field: 'content-length', location: 'header', message: 'does not match the length of the body' }],
      })
  }
  const clientError = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
  if (err instanceof SyntaxError && clientError) return new MalformedJson('The body is not valid JSON.', { cause: err })
  // A request stream that failed while its body was read (client gone, connection reset).
  if (clientError && (code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE')) {
    return new InvalidParameter('The body could not be read to its end.', { cause: err, details: [{ field: 'body', location: 'body', message: 'the upload was interrupted' }] })
  }
  return undefined
}
