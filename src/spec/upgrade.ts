import { upgrade } from '@scalar/openapi-upgrader'
import { isObject } from './operations-of.js'
import { DATA_KEYS, walkSpec } from './spec-walk.js'
import { prepareSwagger2 } from './swagger2-prepare.js'
import { upgrade30To31 } from './upgrade-30.js'
import type { JsonObject, SourceVersion } from './types.js'

/**
 * Brings a bundled document to OpenAPI 3.1.0 with @scalar/openapi-upgrader (2.0), or the same
 * upgrade in one walk (3.0, upgrade-30.ts), plus the fix-ups it leaves undone for JSON Schema
 * 2020-12 (see fixSchema). Works on a copy, or in place when the caller gives the document
 * away; vendor extensions (x-bind-server, x-persist ...) pass through untouched.
 */
export function upgradeTo31(bundled: JsonObject, version: SourceVersion, options: { inPlace?: boolean } = {}): JsonObject {
  // In place: `bundled` is a tree (no object reached twice) that nothing reads afterwards.
  const inPlace = options.inPlace === true
  let doc: JsonObject
  if (version === '3.1') doc = inPlace ? bundled : structuredClone(bundled)
  else {
    // 3.0: the fix-ups run inside the upgrade's walk (a walk of Microsoft Graph's 20 MB is 0.05-0.08 s).
    if (version === '3.0') doc = upgrade30To31(bundled, { inPlace, fix: fixSchema }) // copies, unless in place
    else {
      doc = inPlace ? bundled : structuredClone(bundled)
      prepareSwagger2(doc)
      renameKeys(doc, 'example', SHIELD, true)
      doc = upgrade(doc, '3.1') as unknown as JsonObject
      renameKeys(doc, SHIELD, 'example', false)
      walkSpec(doc, (obj, isNameMap) => {
        if (!isNameMap) fixSchema(obj)
      })
    }
  }
  const { openapi: _, ...rest } = doc
  return { openapi: '3.1.0', ...rest } // first, where documents have it
}

// The upgrader rewrites any key called `example` (into `examples`), including a property, a
// schema or a parameter the user named "example", and keys inside example payloads. Such
// names are hidden from it behind this.
export const SHIELD = '\u0000macaron:example'

export function renameKeys(doc: JsonObject, from: string, to: string, nameMapsOnly: boolean): void {
  const rename = (obj: JsonObject) => {
    if (!Object.hasOwn(obj, from)) return
    // Rebuilt rather than patched, so that the name keeps its place (paths stay in order).
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

const ANNOTATIONS = ['title', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated']

/**
 * What the upgrader leaves in 3.0 form, which Ajv (2020-12) would read differently:
 * - `nullable: true` without `type` (next to $ref, allOf, enum): the upgrader keeps it and Ajv
 *   ignores it, so null would be refused. It becomes anyOf [..., {type: 'null'}], or null joins the enum.
 * - `nullable` with an `enum`: type becomes [t, 'null'] but the enum still refuses null; 3.0
 *   tools accept null there, so null joins the enum.
 * - `nullable: false`, and keys the upgrader sets to undefined (exclusiveMinimum: true without
 *   a minimum), are dropped.
 * - Swagger 2.0's `discriminator: name` becomes 3.x's `discriminator: { propertyName: name }`.
 */
export function fixSchema(obj: JsonObject): void {
  for (const key in obj) if (obj[key] === undefined) delete obj[key]
  if (typeof obj.discriminator === 'string') obj.discriminator = { propertyName: obj.discriminator }
  const nullable = obj.nullable
  // Deleting turns an object into a slow dictionary: only where there is something to delete.
  if (nullable !== undefined) delete obj.nullable
  const nullableType = Array.isArray(obj.type) && obj.type.includes('null')
  if (nullable !== true && !nullableType) return
  if (Array.isArray(obj.enum)) {
    if (!obj.enum.includes(null)) obj.enum.push(null)
    return
  }
  if (obj.type !== undefined) return
  const outer: JsonObject = {}
  const inner: JsonObject = {}
  for (const [key, value] of Object.entries(obj)) {
    if (ANNOTATIONS.includes(key) || key.startsWith('x-')) outer[key] = value
    else inner[key] = value
    delete obj[key]
  }
  Object.assign(obj, { anyOf: [inner, { type: 'null' }] }, outer)
}
