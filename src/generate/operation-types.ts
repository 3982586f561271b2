// Type-level helpers that turn openapi-typescript's `operations[Id]` into what a Macaron
// handler receives and may return. The generated files bind them to their own operations:
//   export type Handler<Id extends keyof operations> = TypedHandler<operations, defaults, Id>
import type { HandlerContext, Reply } from '../pipeline/handler-types.js'

/** What a parameter location holds, or {} when the operation declares none there (`query?: never`). */
type Present<T> = [NonNullable<T>] extends [never] ? {} : NonNullable<T>

type Location<Op, L extends string> = Op extends { parameters: infer P } ? (L extends keyof P ? Present<P[L]> : {}) : {}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** Parameters with a declared default are always there once Macaron has filled them in. */
type Filled<T, K> = [K] extends [never] ? T : Simplify<Omit<T, K & keyof T> & Required<Pick<T, K & keyof T>>>

type DefaultsOf<Defs, Id, L extends string> = Id extends keyof Defs ? (L extends keyof Defs[Id] ? Defs[Id][L] : never) : never

type RequestBodyOf<Op> = Op extends { requestBody?: infer B } ? B : undefined

/** The body by any of its media types; undefined when the body is optional or absent. */
export type BodyOf<Op> = [NonNullable<RequestBodyOf<Op>>] extends [never]
  ? undefined
  : NonNullable<RequestBodyOf<Op>> extends { content: infer C }
    ? C[keyof C] | (undefined extends RequestBodyOf<Op> ? undefined : never)
    : undefined

/** The request a handler of operation `Id` receives. */
export type TypedRequest<Ops, Defs, Id extends keyof Ops> = HandlerContext<
  Location<Ops[Id], 'path'>,
  Filled<Location<Ops[Id], 'query'>, DefaultsOf<Defs, Id, 'query'>>,
  Filled<Location<Ops[Id], 'header'>, DefaultsOf<Defs, Id, 'header'>>,
  Filled<Location<Ops[Id], 'cookie'>, DefaultsOf<Defs, Id, 'cookie'>>,
  BodyOf<Ops[Id]>
>

type ResponsesOf<Op> = Op extends { responses: infer R } ? R : {}

/** A response's body by any of its media types; undefined for a response without content. */
export type ContentOf<Response> = Response extends { content: infer C } ? ([C] extends [never] ? undefined : C[keyof C]) : undefined

// The order in which the runtime picks the default status: the lowest declared 2xx (see pickDefaultStatus).
type Successes = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226]

type FirstDeclared<R, List> = List extends [infer S, ...infer Rest] ? (S extends keyof R ? S : FirstDeclared<R, Rest>) : never

/** What a handler returns as a plain value: the body of the operation's default status. */
type PlainResult<R> = [FirstDeclared<R, Successes>] extends [never]
  ? '2XX' extends keyof R
    ? ContentOf<R['2XX']>
    : 'default' extends keyof R
      ? ContentOf<R['default']>
      : undefined
  : ContentOf<R[FirstDeclared<R, Successes> & keyof R]>

/** reply(status, body) for each declared status; ranges (4XX) and `default` admit any status. */
type ReplyResult<R> = {
  [S in keyof R]: S extends number ? Reply<S, ContentOf<R[S]>> : S extends 'default' | `${number}XX` ? Reply<number, ContentOf<R[S]>> : never
}[keyof R]

/** Everything a handler of `Id` may return: the default status's body, or a reply() of a declared status. */
export type TypedResult<Ops, Id extends keyof Ops> = PlainResult<ResponsesOf<Ops[Id]>> | ReplyResult<ResponsesOf<Ops[Id]>>

/** A handler of `Id`: typed input, and a result tsc checks against the declared responses. */
export type TypedHandler<Ops, Defs, Id extends keyof Ops> = (request: TypedRequest<Ops, Defs, Id>) => TypedResult<Ops, Id> | Promise<TypedResult<Ops, Id>>

/** The body of a successful (2xx) response: what a client call resolves to. */
export type SuccessBody<Op> = {
  [S in keyof ResponsesOf<Op>]: S extends number ? (`${S}` extends `2${string}` ? ContentOf<ResponsesOf<Op>[S]> : never) : S extends '2XX' ? ContentOf<ResponsesOf<Op>[S]> : never
}[keyof ResponsesOf<Op>]

/**
 * The APIs of the project, by name, as `macaron generate` declares them in its index
 * (`declare module 'macaron' { interface MacaronApis { pets: ... } }`): createClient('pets') is typed from it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MacaronApis {}
