import type { FastifyBaseLogger, FastifyRequest } from 'fastify'

/** The authenticated caller, when the operation's security let one in. */
export interface User {
  id: string
  /** The token's claims (JWT) or what the verify function returned (apiKey, basic). */
  claims: Record<string, unknown>
  scopes: string[]
  scheme: string
  token?: string
}

/** What every handler receives. Generated types narrow each field per operation. */
export interface HandlerContext<
  Params = Record<string, unknown>,
  Query = Record<string, unknown>,
  Headers = Record<string, unknown>,
  Cookies = Record<string, unknown>,
  Body = unknown,
> {
  params: Params
  query: Query
  headers: Headers
  cookies: Cookies
  body: Body
  user: User | undefined
  log: FastifyBaseLogger
  request: FastifyRequest
  operationId: string
  /** Shared by the operation's x-decorate-server hooks and its handler (e.g. the loaded current user). */
  state: Record<string, unknown>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (context: HandlerContext<any, any, any, any, any>) => unknown

const REPLY = Symbol.for('macaron.reply')

/** A response with an explicit status and headers, for when the default status will not do. */
export interface Reply<Status extends number = number, Body = unknown> {
  readonly [REPLY]: true
  status: Status
  body: Body
  headers: Record<string, string>
}

export function reply<Status extends number, Body = undefined>(
  status: Status,
  body?: Body,
  headers: Record<string, string> = {},
): Reply<Status, Body> {
  return { [REPLY]: true, status, body: body as Body, headers }
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[REPLY] === true
}
