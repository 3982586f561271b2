import type { SourceSet } from './sources.js'
import type { JsonObject, SourceVersion, SpecProblem } from './types.js'

export type Preflight = { version: SourceVersion; forParser: JsonObject } | { problems: SpecProblem[] }

/**
 * Checks what swagger-parser would otherwise reject with a message that names no line: the
 * version field, a numeric info.version, a missing paths object. Unquoted YAML numbers
 * (openapi: 3.1, swagger: 2.0) are the usual cause, so the messages say to quote them.
 */
export function preflight(sources: SourceSet, value: unknown): Preflight {
  const fail = (tokens: string[], message: string): Preflight => ({
    problems: [sources.problem('error', sources.trace(tokens), message)],
  })
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail([], "not an OpenAPI document: expected a mapping with swagger: '2.0' or openapi: 3.0.x/3.1.x")
  }
  const doc = value as JsonObject
  let version: SourceVersion
  const { swagger, openapi } = doc
  if (swagger !== undefined) {
    if (swagger !== '2.0') {
      const hint = typeof swagger === 'number' ? " (a number here: quote it, swagger: '2.0')" : ''
      return fail(['swagger'], `swagger must be '2.0', found ${JSON.stringify(swagger)}${hint}`)
    }
    version = '2.0'
  } else if (openapi !== undefined) {
    const match = typeof openapi === 'string' ? /^3\.([01])\.\d+$/.exec(openapi) : null
    if (!match) {
      const hint = typeof openapi === 'number' ? " (a number here: quote it, openapi: '3.1.0')" : ''
      return fail(['openapi'], `openapi must be a 3.0.x or 3.1.x version string, found ${JSON.stringify(openapi)}${hint}`)
    }
    version = match[1] === '0' ? '3.0' : '3.1'
  } else {
    return fail([], "not an OpenAPI document: it has neither swagger: '2.0' nor openapi: 3.0.x/3.1.x")
  }
  const info = doc.info
  if (info !== null && typeof info === 'object' && typeof (info as JsonObject).version === 'number') {
    return fail(['info', 'version'], "info.version must be a string (a number here: quote it, version: '1.0')")
  }
  if (doc.paths === undefined && (version !== '3.1' || doc.webhooks === undefined)) {
    return fail([], version === '3.1' ? 'the document has neither paths nor webhooks' : 'the document has no paths')
  }
  // swagger-parser knows a fixed list of patch versions; the schemas do not differ between them.
  const forParser = version === '2.0' ? doc : { ...doc, openapi: version === '3.0' ? '3.0.3' : '3.1.0' }
  return { version, forParser }
}
