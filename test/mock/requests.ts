import { sample } from 'openapi-sampler'
import { deref } from '../../src/pipeline/deref.js'
import type { Operation } from '../../src/pipeline/operations.js'
import type { JsonObject } from '../../src/spec/types.js'
import type { RequestOptions } from '../../src/testing/client.js'

/** A valid request for any operation, sampled from its spec: path and required parameters, and a body. */
export function sampleRequest(op: Operation, basePath = ''): { path: string; options: RequestOptions } {
  const doc = op.api.document
  const value = (schema: unknown, readOnly = true) => sample(deref<JsonObject>(doc, schema ?? {}) as never, { skipReadOnly: readOnly, quiet: true, enablePatterns: true }, doc)
  let path = op.path
  const query: Record<string, string> = {}
  const headers: Record<string, string> = {}
  for (const p of op.parameters) {
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(String(value(p.schema))))
    else if (p.required && p.in === 'query') query[p.name] = String(value(p.schema))
    else if (p.required && p.in === 'header') headers[p.name] = String(value(p.schema))
  }
  const options: RequestOptions = { query, headers }
  const [type, media] = Object.entries((op.requestBody?.content ?? {}) as Record<string, JsonObject>)[0] ?? []
  if (type && media) {
    const body = structuredClone(value(media.schema)) as Record<string, unknown>
    // The sampler prefers a schema's example, which may show readOnly properties a request must not send.
    const properties = (deref<JsonObject>(doc, media.schema ?? {}).properties ?? {}) as Record<string, JsonObject>
    for (const [name, schema] of Object.entries(properties)) if (schema.readOnly === true) delete body[name]
    if (type.includes('json')) options.json = body
    else if (type === 'application/x-www-form-urlencoded') options.body = new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)]))
    else if (type === 'multipart/form-data') {
      const form = new FormData()
      for (const [k, v] of Object.entries(body)) {
        if (k === 'photo') form.append(k, new Blob(['png']), 'photo.png')
        else form.append(k, String(v))
      }
      options.body = form
    }
  }
  return { path: basePath + path, options }
}
