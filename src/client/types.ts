// Type-level view of a client: one method per operationId of an API's generated
// `operations`, taking what the operation declares and resolving to its 2xx body.
import type { BodyOf, MacaronApis, SuccessBody } from '../generate/operation-types.js'
import type { UploadedFile } from '../pipeline/body/multipart.js'

type ParamsOf<Op> = Op extends { parameters: infer P } ? P : {}
type At<Op, L extends string> = L extends keyof ParamsOf<Op> ? NonNullable<ParamsOf<Op>[L]> : never

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T]

/** `{ key: T }` when T has a required member, `{ key?: T }` otherwise, nothing when the operation declares none. */
type Field<Key extends string, T> = [T] extends [never]
  ? { [K in Key]?: never }
  : [RequiredKeys<T>] extends [never]
    ? { [K in Key]?: T }
    : { [K in Key]: T }

/** A file field is what the handler receives as an UploadedFile; a client sends its bytes. */
type Sent<T> = T extends UploadedFile ? Blob | Uint8Array : T extends object ? { [K in keyof T]: Sent<T[K]> } : T

type BodyField<Op> = [BodyOf<Op>] extends [undefined]
  ? { body?: never }
  : undefined extends BodyOf<Op>
    ? { body?: Sent<Exclude<BodyOf<Op>, undefined>> }
    : { body: Sent<BodyOf<Op>> }

/** Per-call settings, beside the operation's own inputs. */
export interface CallOptions {
  /** This call's timeout per attempt, instead of the client's. */
  timeoutMs?: number
  /** Retries for this call, instead of the client's (0: none). */
  retries?: number
  /** Aborts the call (and its retries). */
  signal?: AbortSignal
  /** Extra request headers; they win over the forwarded ones. */
  extraHeaders?: Record<string, string>
}

/** What a call of operation `Op` takes: path `params`, `query`, `headers` (header parameters), `body`. */
export type CallInit<Op> = Field<'params', At<Op, 'path'>> & Field<'query', At<Op, 'query'>> & Field<'headers', At<Op, 'header'>> & BodyField<Op> & CallOptions

type Args<Init> = [RequiredKeys<Init>] extends [never] ? [init?: Init] : [init: Init]

/** A typed client of an API: `client.getPet({ params: { petId: 1 } })` resolves to the 2xx body. */
export type Client<Ops> = { [Id in keyof Ops]: (...args: Args<CallInit<Ops[Id]>>) => Promise<SuccessBody<Ops[Id]>> }

/** The client of a project without generated types: any operationId, untyped. */
export type UntypedClient = Record<string, (init?: UntypedInit) => Promise<unknown>>

export interface UntypedInit extends CallOptions {
  params?: Record<string, unknown>
  query?: Record<string, unknown>
  headers?: Record<string, unknown>
  body?: unknown
}

/** The names `createClient` accepts: the APIs of `macaron generate`'s index, or any string before it ran. */
export type ApiName = [keyof MacaronApis] extends [never] ? string : keyof MacaronApis & string

export type ClientFor<Name extends string> = Name extends keyof MacaronApis ? Client<MacaronApis[Name]> : UntypedClient
