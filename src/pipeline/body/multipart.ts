import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import type { Busboy } from 'busboy'
import { InvalidParameter, PayloadTooLarge } from '../../errors/http-errors.js'
import type { ApiError } from '../../errors/api-error.js'
import { appendField } from './urlencoded.js'
import { lazyModule } from '../../util/lazy-module.js'

// Loaded by the first multipart body, not by every start.
const busboyLib = lazyModule<typeof import('busboy')>('busboy')

/** A file part of a multipart/form-data body, held in memory (bodies are capped by bodyLimit). */
export interface UploadedFile {
  /** The client's file name, without any directory part; '' when the part named none. */
  filename: string
  mimetype: string
  /** The part's Content-Transfer-Encoding, e.g. '7bit'; the data is never decoded from it. */
  encoding: string
  size: number
  data: Buffer
}

export interface MultipartLimits {
  bodyLimit: number
  maxFileSize: number
  maxFiles: number
  maxFields: number
}

export type MultipartBody = Record<string, string | UploadedFile | (string | UploadedFile)[]>

/** Longer field names are refused: busboy would otherwise truncate them silently. */
const MAX_NAME = 200

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data) && typeof (value as UploadedFile).filename === 'string'
}

/**
 * Reads a multipart/form-data body with busboy. Every limit busboy would apply silently
 * (truncating a value, dropping parts past a count) becomes a 413 instead, and a body that
 * does not parse (no boundary, a bad part header, cut short) is a 400 INVALID_PARAMETER on
 * the body as a whole (field 'body', as validation errors name it): MALFORMED_JSON would
 * name the wrong format.
 */
export function parseMultipart(headers: IncomingHttpHeaders, payload: Readable, limits: MultipartLimits, done: (err: Error | null, body?: MultipartBody) => void): void {
  const { bodyLimit, maxFileSize, maxFiles, maxFields } = limits
  if (Number(headers['content-length']) > bodyLimit) return done(tooLarge(`The body is larger than the limit of ${bodyLimit} bytes.`))
  let parser: Busboy
  try {
    // defParamCharset: browsers and undici send file names as raw UTF-8, not busboy's latin1.
    parser = busboyLib()({
      headers,
      defParamCharset: 'utf8',
      limits: { fieldNameSize: MAX_NAME, fieldSize: bodyLimit, fileSize: maxFileSize, files: maxFiles, fields: maxFields, parts: maxFiles + maxFields },
    })
  } catch (err) {
    return done(malformed(err))
  }
  const fields: MultipartBody = Object.create(null)
  let received = 0
  let finished = false

  const finish = (err: Error | null) => {
    if (finished) return
    finished = true
    payload.removeListener('data', onData)
    payload.removeListener('end', onEnd)
    payload.removeListener('error', onError)
    if (err === null) return done(null, fields)
    // busboy emits its limit events mid-write and touches its state after them: destroy it later.
    process.nextTick(() => parser.destroy())
    answerAfterDrain(err)
  }
  // Stop parsing but read the rest of the body before answering, while it stays within
  // bodyLimit: a client still sending would otherwise get EPIPE instead of the 413/400.
  // Past the limit (or once the body has ended) the answer goes at once.
  const answerAfterDrain = (err: Error) => {
    if (payload.readableEnded || received > bodyLimit) return done(err)
    let answered = false
    const answer = () => {
      if (answered) return
      answered = true
      payload.removeListener('data', count)
      done(err)
    }
    const count = (chunk: Buffer) => {
      received += chunk.length
      if (received > bodyLimit) answer()
    }
    payload.on('data', count)
    payload.once('end', answer)
    payload.once('error', answer)
    payload.resume()
  }
  const onData = (chunk: Buffer) => {
    received += chunk.length
    if (received > bodyLimit) return finish(tooLarge(`The body is larger than the limit of ${bodyLimit} bytes.`))
    if (!parser.write(chunk)) {
      payload.pause()
      parser.once('drain', () => payload.resume())
    }
  }
  const onEnd = () => parser.end()
  const onError = (err: Error) => finish(new InvalidParameter('The body could not be read to its end.', { cause: err, details: [whole('the upload was interrupted')] }))

  parser.on('field', (name, value, info) => {
    if (info.nameTruncated) return finish(tooLarge(`A field name is longer than ${MAX_NAME} bytes.`))
    if (info.valueTruncated) return finish(tooLarge(`The field ${name} is larger than the limit of ${bodyLimit} bytes.`))
    guard(() => appendField<string | UploadedFile>(fields, name, value))
  })
  parser.on('file', (name, stream, info) => {
    const chunks: Buffer[] = []
    let size = 0
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length
      chunks.push(chunk)
    })
    // After finish() destroys the parser, busboy destroys an open file stream with an error.
    stream.on('error', (err: Error) => finish(malformed(err)))
    stream.on('limit', () => finish(tooLarge(`The file ${name} is larger than the limit of ${maxFileSize} bytes.`)))
    stream.on('end', () => {
      if (finished || stream.truncated) return
      const file: UploadedFile = { filename: info.filename ?? '', mimetype: info.mimeType, encoding: info.encoding, size, data: Buffer.concat(chunks, size) }
      guard(() => appendField<string | UploadedFile>(fields, name, file))
    })
  })
  parser.on('filesLimit', () => finish(tooLarge(`The body has more than ${maxFiles} files.`)))
  parser.on('fieldsLimit', () => finish(tooLarge(`The body has more than ${maxFields} fields.`)))
  parser.on('partsLimit', () => finish(tooLarge(`The body has more than ${maxFiles + maxFields} parts.`)))
  parser.on('error', (err: unknown) => finish(malformed(err)))
  parser.on('close', () => finish(null))

  function guard(add: () => void): void {
    try {
      add()
    } catch (err) {
      finish(err as ApiError)
    }
  }

  payload.on('data', onData)
  payload.on('end', onEnd)
  payload.on('error', onError)
  payload.resume()
}

function tooLarge(description: string): ApiError {
  return new PayloadTooLarge(description)
}

function whole(message: string) {
  return { field: 'body', location: 'body', message }
}

function malformed(err: unknown): ApiError {
  // busboy's messages are fixed texts ('Unexpected end of form', 'Malformed part header',
  // 'Multipart: Boundary not found'), never the body, so they are safe to pass on.
  const reason = err instanceof Error ? err.message : 'unreadable'
  return new InvalidParameter(`The multipart body is malformed: ${reason}.`, { cause: err, details: [whole(reason)] })
}
