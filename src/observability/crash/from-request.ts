import type { FastifyRequest } from 'fastify'
import type { RenderedError } from '../../errors/render.js'
import { OPERATION, USER } from '../../pipeline/request-state.js'
import type { CrashReport } from './types.js'

const HIDDEN = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'set-cookie'])

/** A crash report for a 5xx: the error, its stack, and the request with its credentials removed. */
export function crashReportOf(request: FastifyRequest, rendered: RenderedError): Omit<CrashReport, 'service' | 'env' | 'time'> {
  const cause = rendered.unexpected ? rendered.error.cause : (rendered.error.cause ?? rendered.error)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = HIDDEN.has(name) ? '[REDACTED]' : String(value)
  }
  const user = request[USER]
  return {
    kind: 'request',
    error_id: rendered.body.error_id,
    code: rendered.body.error,
    message: cause instanceof Error ? cause.message : cause !== undefined && typeof cause === 'object' ? JSON.stringify(cause) : rendered.body.error_description,
    ...(cause instanceof Error && cause.stack ? { stack: cause.stack } : {}),
    ...(user ? { user_id: user.id } : {}),
    request: { method: request.method, url: request.url, request_id: request.id, headers, ...(request[OPERATION] ? { operation_id: request[OPERATION] } : {}) },
  }
}
