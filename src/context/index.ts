import { AsyncLocalStorage } from 'node:async_hooks'
import type { ServerResponse } from 'node:http'
import type { BaseLogger } from 'pino'
import type { TokenSigner } from '../auth/sign.js'
import type { ProjectSource } from '../client/project.js'
import type { User } from '../pipeline/handler-types.js'
import type { StageTimings } from '../observability/timings.js'

/**
 * What is known about the request being served, reachable from any code it calls (models,
 * clients, tasks) without passing it down. Background tasks and outgoing client calls carry
 * it on by capturing `currentContext()` and running their work in `runWithContext`.
 */
export interface RequestContext {
  requestId: string
  log: Pick<BaseLogger, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'>
  user?: User
  /** The caller's raw token, to forward to the services this one calls. */
  token?: string
  /** Signs tokens with the keys of the app serving the request. */
  signer?: TokenSigner
  /** The request's time per stage; persistence calls add theirs for the slow-call warning. */
  stages?: StageTimings
  /** The response being written: work deferred until it is sent (asyncTask) waits for its 'close'. */
  response?: ServerResponse
  /** The documents and config of the app serving the request: what createClient() without `dir` or `app` reads. */
  project?: ProjectSource
}

const storage = new AsyncLocalStorage<RequestContext>()

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn)
}

/**
 * Enters the request's context for the rest of the current callback and what it schedules,
 * without restoring the one before: what `run` does less one step. On Node 24 `run` makes
 * two context frames (a copied map each), one to enter and one to restore (1 µs a request,
 * profile), and Node restores the frame when each callback from the HTTP parser returns.
 * On Node 20 the store is kept on the callback's async resource, which a connection's
 * parser keeps from one request to the next: so the request pipeline's first hook calls
 * `leaveRequestContext()`, and no code of a request (a verify function, say) runs in the
 * context of the one before it on its connection (test/security/pipelined.test.ts).
 */
export function enterRequestContext(context: RequestContext): void {
  storage.enterWith(context)
}

/** Leaves whatever request context the current callback is in (none, mostly: one lookup). */
export function leaveRequestContext(): void {
  if (storage.getStore() !== undefined) storage.enterWith(undefined as unknown as RequestContext)
}

/** The context of the request being served, or undefined outside one. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore()
}

/** The authenticated caller's id (the token's `sub`), or undefined when anonymous or outside a request. */
export function getUserId(): string | undefined {
  return storage.getStore()?.user?.id
}

/** The authenticated caller: id, claims, scopes, scheme. */
export function getUser(): User | undefined {
  return storage.getStore()?.user
}

/** The caller's raw bearer token, to call other services on their behalf. */
export function getToken(): string | undefined {
  return storage.getStore()?.token
}

export function getRequestId(): string | undefined {
  return storage.getStore()?.requestId
}

export { generateToken, setDefaultSigner } from './tokens.js'
