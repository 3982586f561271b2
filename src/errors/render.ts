import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import { isApiError, type ApiError } from './api-error.js'
import { ServerError } from './http-errors.js'

/** The body of every error response: RFC 9457 problem details plus PyMacaron's fields. */
export interface ErrorBody {
  type: string
  title: string
  status: number
  detail: string
  error: string
  error_description: string
  error_id: string
  request_id?: string
  errors?: unknown
}

export interface RenderedError {
  status: number
  body: ErrorBody
  headers: Record<string, string>
  /** The ApiError the client sees; for unknown exceptions a SERVER_ERROR wrapping them. */
  error: ApiError
  /** True when the original was not an ApiError: a bug to report, with its stack. */
  unexpected: boolean
}

/** Turns anything thrown into the one error body. Unknown exceptions never leak their text. */
export function renderError(thrown: unknown, requestId?: string): RenderedError {
  const unexpected = !isApiError(thrown)
  const error = unexpected ? new ServerError(undefined, { cause: thrown }) : thrown
  const status = Number.isInteger(error.status) && error.status >= 400 && error.status <= 599 ? error.status : 500
  const description = error.description
  const body: ErrorBody = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: description,
    error: error.code,
    error_description: description,
    error_id: error.errorId ?? randomUUID(),
  }
  if (requestId !== undefined) body.request_id = requestId
  if (error.details !== undefined) body.errors = error.details
  return { status, body, headers: { ...error.headers }, error, unexpected }
}
