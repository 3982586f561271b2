import type { Operation } from '../pipeline/operations.js'
import { JSON_TYPE } from './response.js'

/** The body in the media type the operation declares (JSON first), with its Content-Type. */
export function encodeBody(op: Operation, body: unknown): { body: unknown; contentType: string | undefined } | undefined {
  if (body === undefined) return undefined
  const types = Object.keys((op.requestBody?.content ?? {}) as object)
  const type = types.find((t) => JSON_TYPE.test(t)) ?? types[0] ?? 'application/json'
  if (body instanceof FormData) return { body, contentType: undefined }
  if (JSON_TYPE.test(type)) return { body: JSON.stringify(body), contentType: type }
  if (type === 'application/x-www-form-urlencoded') return { body: new URLSearchParams(entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString(), contentType: type }
  if (type === 'multipart/form-data') {
    const form = new FormData()
    for (const [name, value] of entries(body)) {
      // fetch writes the boundary into the Content-Type itself.
      // A File keeps its name; a bare Blob or bytes are named after the field.
      if (value instanceof Blob) form.append(name, value, 'name' in value && typeof value.name === 'string' ? value.name : name)
      else if (value instanceof Uint8Array) form.append(name, new Blob([value]), name)
      else form.append(name, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value))
    }
    return { body: form, contentType: undefined }
  }
  return { body, contentType: type }
}

function entries(body: unknown): Array<[string, unknown]> {
  return Object.entries(body as Record<string, unknown>).filter(([, v]) => v !== undefined)
}
