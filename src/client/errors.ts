import { ApiError, defineError } from '../errors/api-error.js'

// What a call to another service can fail with, besides the remote service's own error codes
// (kept as they were sent, see RemoteError). Each is documented in docs/errors.md.
export const UpstreamUnavailable = defineError('UPSTREAM_UNAVAILABLE', 502, "A called service could not be reached (connection refused or reset, DNS), or answered 502/503/504 without the standard error body, after the retries.")
export const UpstreamTimeout = defineError('UPSTREAM_TIMEOUT', 504, 'A called service did not answer within the client timeout, after the retries.')
export const UpstreamBadResponse = defineError('UPSTREAM_BAD_RESPONSE', 502, "A called service answered with a status or body its spec does not declare, or an error without the standard error body.")

/** Where a remote error came from, for logs and for callers that handle it. */
export interface RemoteOrigin {
  api: string
  operationId: string
  status: number
  /** The remote error body as received. */
  body: Record<string, unknown>
}

/**
 * The standard error body of a called service, rethrown here: same `error` code, status and
 * `error_id`, so an uncaught one answers this service's caller as the remote service did,
 * and one error_id follows the failure through every log.
 */
export class RemoteError extends ApiError {
  readonly remote: RemoteOrigin

  constructor(origin: RemoteOrigin) {
    const body = origin.body
    super(typeof body.error_description === 'string' ? body.error_description : undefined, body.errors === undefined ? {} : { details: body.errors })
    this.code = String(body.error)
    this.status = origin.status
    if (typeof body.error_id === 'string') this.errorId = body.error_id
    this.remote = origin
  }
}

/** A body that looks like Macaron's (or PyMacaron's) standard error body. */
export function isErrorBody(body: unknown): body is Record<string, unknown> & { error: string } {
  return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' && /^[A-Z][A-Z0-9_]*$/.test((body as { error: string }).error)
}
