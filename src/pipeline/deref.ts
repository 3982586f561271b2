import { splitPointer } from '../util/yaml-source.js'
import type { JsonObject } from '../spec/types.js'

/**
 * Follows document-local `$ref`s of OpenAPI objects (parameters, request bodies, responses,
 * headers). The loader has already bundled every external file into the document, so all
 * refs are local pointers; schemas keep their refs for Ajv.
 */
export function deref<T = JsonObject>(document: JsonObject, value: unknown): T {
  let node = value
  for (let hops = 0; isRef(node); hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${node.$ref}`)
    node = pointerGet(document, node.$ref)
    if (node === undefined) throw new Error(`$ref ${String((value as JsonObject).$ref)} points at nothing`)
  }
  return node as T
}

export function pointerGet(document: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`$ref ${ref} is not local; the loader should have bundled it`)
  let node: unknown = document
  for (const token of splitPointer(ref)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as JsonObject)[token]
  }
  return node
}

function isRef(v: unknown): v is { $ref: string } {
  return typeof v === 'object' && v !== null && typeof (v as JsonObject).$ref === 'string'
}
