import { parsePointer } from './problems.js'
import type { JsonObject } from './types.js'

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

export interface OperationEntry {
  path: string
  method: string
  operation: JsonObject
  /** Where the operation is in `document`, as the tokens of a JSON pointer (made into one only for a message). */
  tokens: string[]
}

/** The operations of every path item, in document order (methods in the order written). */
export function operationsOf(document: JsonObject): OperationEntry[] {
  const out: OperationEntry[] = []
  for (const [path, written] of Object.entries(objectOr(document.paths))) {
    // A bundled path item may be a $ref to another one (reused, or under components.pathItems).
    const { value: item, tokens } = followLocal(document, written, ['paths', path])
    for (const [method, operation] of Object.entries(objectOr(item))) {
      if (!(HTTP_METHODS as readonly string[]).includes(method) || !isObject(operation)) continue
      out.push({ path, method, operation, tokens: [...tokens, method] })
    }
  }
  return out
}

/** Follows '#/...' refs inside a bundled document (only what is needed to read it, not to rewrite it). */
export function followLocal(document: JsonObject, value: unknown, tokens: string[]): { value: unknown; tokens: string[] } {
  for (let hops = 0; hops < 32 && isObject(value) && typeof value.$ref === 'string'; hops++) {
    const ref = value.$ref
    if (!ref.startsWith('#')) break
    tokens = parsePointer(ref.slice(1)).map(safeDecode)
    value = tokens.reduce<unknown>((node, t) => (isObject(node) && Object.hasOwn(node, t) ? node[t] : undefined), document)
  }
  return { value, tokens }
}

function safeDecode(token: string): string {
  try {
    return decodeURIComponent(token)
  } catch {
    return token
  }
}

/** Arrays count as objects here: pointers index them by string too. */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object'
}

export function objectOr(value: unknown): JsonObject {
  return isObject(value) ? value : {}
}
