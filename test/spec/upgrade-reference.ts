import { upgrade } from '@scalar/openapi-upgrader'
import { isObject } from '../../src/spec/operations-of.js'
import { DATA_KEYS, walkSpec } from '../../src/spec/spec-walk.js'
import { renameNullable } from '../../src/spec/swagger2-prepare.js'
import type { JsonObject } from '../../src/spec/types.js'

/**
 * How src/spec/upgrade.ts upgraded 3.0 documents before upgrade-30.ts (kept as the reference
 * the fast walk must agree with): a structuredClone, x-nullable as nullable, the `example`
 * keys that are names or data renamed out of the upgrader's sight, @scalar/openapi-upgrader's
 * 3.0 -> 3.1 step, and the names given back. upgrade.ts's fixSchema pass comes after both.
 */
export function referenceUpgrade30(bundled: JsonObject): JsonObject {
  let doc = structuredClone(bundled)
  renameNullable(doc)
  renameKeys(doc, 'example', SHIELD, true)
  doc = upgrade(doc, '3.1') as unknown as JsonObject
  renameKeys(doc, SHIELD, 'example', false)
  return doc
}

const SHIELD = '\u0000macaron:example'

function renameKeys(doc: JsonObject, from: string, to: string, nameMapsOnly: boolean): void {
  const rename = (obj: JsonObject) => {
    if (!Object.hasOwn(obj, from)) return
    const entries = Object.entries(obj)
    for (const [key] of entries) delete obj[key]
    for (const [key, value] of entries) obj[key === from ? to : key] = value
  }
  if (!nameMapsOnly) return everyObject(doc, rename)
  walkSpec(doc, (obj, isNameMap) => {
    if (isNameMap) return rename(obj)
    for (const key of DATA_KEYS) if (Object.hasOwn(obj, key)) everyObject(obj[key], rename)
  })
}

function everyObject(node: unknown, visit: (obj: JsonObject) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => everyObject(n, visit))
  if (!isObject(node)) return
  visit(node)
  for (const key in node) everyObject(node[key], visit)
}
