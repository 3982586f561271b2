import { STATUS_CODES } from 'node:http'

/** Marks Macaron errors across module copies (a handler may import a different build). */
const BRAND = Symbol.for('macaron.ApiError')

export interface ApiErrorOptions {
  /** Machine-readable extra information sent in the body, e.g. the list of invalid fields. */
  details?: unknown
  /** Response headers that belong to this error (Allow, WWW-Authenticate, Retry-After ...). */
  headers?: Record<string, string>
  /** The underlying error; logged, never sent to the client. */
  cause?: unknown
}

/**
 * An error a client is meant to see. Subclass it to declare a code of your own:
 *
 *   class UserNotFound extends ApiError { code = 'USER_NOT_FOUND'; status = 404 }
 *
 * The message is the `error_description` sent to the client, so it must not carry
 * internal detail; anything else belongs in `cause`, which is only logged.
 */
export class ApiError extends Error {
  code = 'SERVER_ERROR'
  status = 500
  details?: unknown
  headers?: Record<string, string>
  /** An error_id to send instead of a new one: set when the failure came from another service, so one id follows it across services. */
  errorId?: string

  constructor(description?: string, options: ApiErrorOptions = {}) {
    super(description ?? '', options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    if (options.details !== undefined) this.details = options.details
    if (options.headers !== undefined) this.headers = options.headers
    Object.defineProperty(this, BRAND, { value: true })
  }

  /** The text sent as error_description: the message, else the HTTP reason phrase. */
  get description(): string {
    return this.message || STATUS_CODES[this.status] || 'Error'
  }
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}

export type ApiErrorClass = new (description?: string, options?: ApiErrorOptions) => ApiError

const declared = new Map<string, { status: number; summary: string }>()

/**
 * Declares a built-in error code once, with its status and a one-line summary, and returns
 * its class. Declaring a code twice is a programming error and throws at import time.
 */
export function defineError(code: string, status: number, summary: string): ApiErrorClass {
  if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code ${code} is not UPPER_SNAKE_CASE`)
  if (declared.has(code)) throw new Error(`error code ${code} is declared twice`)
  declared.set(code, { status, summary })
  const name = code.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_, _sep, c: string) => c.toUpperCase()) + 'Error'
  const cls = class extends ApiError {
    override code = code
    override status = status
  }
  Object.defineProperty(cls, 'name', { value: name })
  return cls
}

/** Every code declared with defineError so far, for docs and the registry test. */
export function declaredErrors(): ReadonlyMap<string, { status: number; summary: string }> {
  return declared
}
