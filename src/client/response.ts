import { matchRequestMediaType } from '../pipeline/body/media-type.js'
import type { Operation } from '../pipeline/operations.js'
import type { SchemaStore } from '../pipeline/schema-store.js'
import type { JsonObject } from '../spec/types.js'
import { isErrorBody, RemoteError, UpstreamBadResponse, UpstreamUnavailable } from './errors.js'

/** JSON and its structured-suffix types (application/problem+json). */
export const JSON_TYPE = /^application\/(.+\+)?json$/i

/** What came back from one attempt, read whole. */
export interface Received {
  status: number
  contentType: string | undefined
  text: string
  /** Retry-After of a 503 or 429, in ms. */
  retryAfterMs?: number
}

/**
 * The body of a 2xx that the spec declares, checked against its schema; anything else
 * throws: the remote standard error body as a RemoteError, the rest as UPSTREAM_*.
 */
export function settle(op: Operation, store: SchemaStore, received: Received): unknown {
  const { status } = received
  const mediaType = received.contentType?.split(';')[0]!.trim().toLowerCase()
  const json = mediaType !== undefined && JSON_TYPE.test(mediaType)
  let body: unknown = received.text
  if (json && received.text !== '') {
    try {
      body = JSON.parse(received.text) as unknown
    } catch {
      throw bad(op, status, ['the body is not valid JSON'])
    }
  }
  if (status < 200 || status > 299) {
    if (isErrorBody(body)) throw new RemoteError({ api: op.api.name, operationId: op.operationId, status, body })
    if (status === 502 || status === 503 || status === 504) throw new UpstreamUnavailable(`${op.api.name} ${op.operationId} answered ${status}`)
    throw bad(op, status, [`status ${status} without the standard error body`])
  }
  const declared = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default
  if (!declared) throw bad(op, status, [`status ${status} is not declared`])
  const content = (declared.content ?? {}) as Record<string, JsonObject>
  const types = Object.keys(content)
  if (types.length === 0) return undefined
  if (received.text === '') throw bad(op, status, ['the spec declares a body, none came'])
  // The same matching as for request bodies: parameters (charset) and declared ranges (application/*+json) allowed.
  const key = matchRequestMediaType(received.contentType, types)
  const media = key === undefined ? undefined : content[key]
  if (!media) throw bad(op, status, [`content type ${mediaType ?? 'none'} is not declared (${types.join(', ')})`])
  if (json && media.schema !== undefined) {
    const validate = store.responseValidator(op.api.name, media.schema as JsonObject)
    if (!validate(body)) throw bad(op, status, (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is invalid'}`))
  }
  return body
}

function bad(op: Operation, status: number, problems: string[]): Error {
  return new UpstreamBadResponse(`${op.api.name} ${op.operationId} answered ${status} with a response its spec does not declare`, { details: problems.map((message) => ({ message })) })
}
