import { isObject } from './operations-of.js'
import type { JsonObject } from './types.js'

/** Keys whose object value maps names the user chose (a property called "example") to spec objects. */
export const NAME_MAPS = new Set([
  'paths', 'webhooks', 'properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas',
  'schemas', 'responses', 'parameters', 'requestBodies', 'headers', 'securitySchemes', 'securityDefinitions',
  'links', 'callbacks', 'pathItems', 'content', 'encoding', 'variables',
])

/** Keys whose values are user data (payloads, not spec objects); never rewritten. */
export const DATA_KEYS = new Set(['example', 'examples', 'x-example', 'x-examples', 'default', 'enum', 'const'])

/**
 * Visits every spec object (schemas, parameters, operations ...) and every name map, telling
 * them apart, without entering example payloads or vendor extensions: a fix-up for the keyword
 * `example` must not rename a property called "example", nor rewrite an x-persist setting.
 */
export function walkSpec(node: unknown, visit: (obj: JsonObject, isNameMap: boolean) => void, isNameMap = false): void {
  if (Array.isArray(node)) {
    for (const item of node) walkSpec(item, visit)
    return
  }
  if (!isObject(node)) return
  visit(node, isNameMap)
  // for-in rather than Object.entries: no array per object (a 20 MB document has millions).
  for (const key in node) {
    const value = node[key]
    if (isNameMap) walkSpec(value, visit)
    else if (!DATA_KEYS.has(key) && !key.startsWith('x-')) {
      walkSpec(value, visit, NAME_MAPS.has(key) && isObject(value) && !Array.isArray(value))
    }
  }
}
