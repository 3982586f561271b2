import Fastify, { type FastifyInstance } from 'fastify'
import { registerBodyParsers, translateFastifyError, type BodyParserOptions } from '../../../src/pipeline/body/parsers.js'
import { isUploadedFile } from '../../../src/pipeline/body/multipart.js'

/**
 * A Fastify instance with Macaron's body parsers, a POST /echo route that describes the
 * parsed body, and an error handler that serialises ApiError (after translateFastifyError)
 * as { code, status, message, details }, so tests can assert codes.
 */
export function bodyApp(options: Partial<BodyParserOptions> = {}): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? 1024
  const app = Fastify({ bodyLimit })
  registerBodyParsers(app, { ...options, bodyLimit })
  app.setErrorHandler((err, _request, reply) => {
    const api = translateFastifyError(err, bodyLimit)
    if (api === undefined) return reply.status(500).send({ code: 'UNEXPECTED', message: String(err) })
    return reply.status(api.status).send({ code: api.code, status: api.status, message: api.message, details: api.details })
  })
  app.post('/echo', async (request) => ({ kind: kindOf(request.body), body: describe(request.body) }))
  return app
}

function kindOf(body: unknown): string {
  if (Buffer.isBuffer(body)) return 'buffer'
  if (body === null) return 'null'
  if (typeof body === 'object') return Object.getPrototypeOf(body) === null ? 'null-prototype' : Array.isArray(body) ? 'array' : 'object'
  return typeof body
}

function describe(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { base64: value.toString('base64') }
  if (isUploadedFile(value)) return { filename: value.filename, mimetype: value.mimetype, encoding: value.encoding, size: value.size, text: value.data.toString('latin1') }
  if (Array.isArray(value)) return value.map(describe)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]))
  return value
}

export interface Part {
  name: string
  value?: string
  filename?: string
  type?: string
  data?: Buffer | string
}

/** A multipart/form-data body written by hand, to control every byte of it. */
export function multipart(parts: Part[], boundary = 'XbOuNdArY42'): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`
    if (part.filename !== undefined) head += `; filename="${part.filename}"`
    head += '\r\n'
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`
    chunks.push(Buffer.from(head + '\r\n'), Buffer.from(part.data ?? part.value ?? ''), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
