import { upgrade } from '@scalar/openapi-upgrader'
import { renameNullable } from '../../src/spec/swagger2-prepare.js'
import { renameKeys, SHIELD } from '../../src/spec/upgrade.js'
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
