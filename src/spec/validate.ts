import type SwaggerParser from '@apidevtools/swagger-parser'
import { metaProblems } from './meta-errors.js'
import { metaValidator } from './meta-schema.js'
import { passedBefore, rememberPassed } from './checked-cache.js'
import { HTTP_METHODS, isObject, objectOr } from './operations-of.js'
import { parameterProblems } from './parameters.js'
import { routeProblems } from './routes.js'
import type { SourceSet } from './sources.js'
import type { JsonObject, SourceVersion, SpecProblem } from './types.js'

/** Every problem that makes the bundled document unusable (errors) or suspect (warnings), located in the files as written. */
export async function validateBundled(sources: SourceSet, bundled: JsonObject, version: SourceVersion): Promise<SpecProblem[]> {
  const digest = sources.digest()
  const checked = passedBefore(digest, version)
  // Validated with its $refs in place: a broken shared schema is reported once, where it is.
  const problems = checked ? [] : [...metaSchemaProblems(sources, bundled, version), ...parameterProblems(sources, bundled)]
  problems.push(...routeProblems(sources, bundled))
  const failed = () => problems.some((p) => p.severity === 'error')
  if (!failed() && version === '2.0' && !checked) problems.push(...(await swagger2Rules(sources, bundled)))
  // The route checks also find warnings (paths that are one route but share no method), which are told on every start.
  if (!failed() && !checked) rememberPassed(digest, version)
  return problems
}

function metaSchemaProblems(sources: SourceSet, bundled: JsonObject, version: SourceVersion): SpecProblem[] {
  const { validate, owners } = metaValidator(version)
  return validate(bundled) ? [] : metaProblems(sources, validate.errors ?? [], owners)
}

/**
 * swagger-parser's Swagger 2.0 rules beyond the schema (one body parameter, file parameters
 * need a form media type, required properties must exist ...). It stops at the first, and
 * names the place as "/paths/pets/{id}/get", which we turn back into a pointer.
 */
async function swagger2Rules(sources: SourceSet, bundled: JsonObject): Promise<SpecProblem[]> {
  const copy = structuredClone(bundled)
  // Duplicate operationIds are a lint warning in Macaron, the same for every version.
  for (const item of Object.values(objectOr(copy.paths))) {
    for (const method of HTTP_METHODS) if (isObject(item) && isObject(item[method])) delete item[method].operationId
  }
  try {
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser')
    await SwaggerParser.validate(copy as never, { validate: { schema: false, spec: true } } as SwaggerParser.Options)
    return []
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).replace(/^(SyntaxError: )?Validation failed\.\s*/, '')
    const { tokens, id, name } = placeOf(message, bundled)
    return [sources.problem('error', sources.trace(tokens), id ? message.split(id).join(name) : message)]
  }
}

/** The operation or definition a message names as "/paths/pets/{id}/get" or "/definitions/Pet". */
function placeOf(message: string, doc: JsonObject): { tokens: string[]; id?: string; name?: string } {
  const definition = /\/definitions\/([^\s'"]+)/.exec(message)
  if (definition?.[1] !== undefined) return { tokens: ['definitions', definition[1]] }
  let found: { tokens: string[]; id?: string; name?: string } = { tokens: [] }
  for (const [path, item] of Object.entries(objectOr(doc.paths))) {
    for (const method of [...HTTP_METHODS, '']) {
      const id = `/paths${path}${method ? '/' + method : ''}`
      if (id.length <= (found.id?.length ?? 0) || !new RegExp(`${escape(id)}(?=[\\s/,.]|$)`).test(message)) continue
      if (method && isObject(item) && item[method]) found = { tokens: ['paths', path, method], id, name: `${method.toUpperCase()} ${path}` }
      else found = { tokens: ['paths', path], id, name: path }
    }
  }
  return found
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
