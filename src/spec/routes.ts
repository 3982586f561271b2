import { basename } from 'node:path'
import { sourcesOf } from './lint.js'
import { isObject } from './operations-of.js'
import type { SourceSet } from './sources.js'
import type { JsonObject, LoadedApi, SpecProblem } from './types.js'

/**
 * Two paths that differ only in the names of their templated parts (`/payslips/{runId}` and
 * `/payslips/{year}`) are one route: OpenAPI forbids them ("identical" templated paths) and
 * the router could serve only one. Reported at the second, naming the first and its line,
 * instead of the router's duplicate-route error at start-up.
 */
export function routeProblems(sources: SourceSet, document: JsonObject): SpecProblem[] {
  const paths = document.paths
  if (!isObject(paths)) return []
  const seen = new Map<string, string>()
  const problems: SpecProblem[] = []
  for (const path of Object.keys(paths)) {
    const shape = path.replace(/\{[^}/]*\}/g, '{}')
    const first = seen.get(shape)
    if (first === undefined) {
      seen.set(shape, path)
      continue
    }
    const firstAt = sources.trace(['paths', first])
    const where = firstAt.line === undefined ? '' : ` (line ${firstAt.line})`
    problems.push(sources.problem('error', sources.trace(['paths', path]), `path '${path}' is the same route as '${first}'${where}: templated paths that differ only in parameter names are not allowed`))
  }
  return problems
}

export interface ServedRoute {
  api: LoadedApi
  method: string
  /** The path template as written in the document. */
  path: string
  /** The route the router will see (base path included, parameter names erased). */
  route: string
}

/**
 * The same method and route served by two APIs of one service (after their base paths):
 * the router would refuse the second with its own error; this names both documents and lines.
 */
export function routeClashes(routes: ServedRoute[]): SpecProblem[] {
  const seen = new Map<string, ServedRoute>()
  const problems: SpecProblem[] = []
  for (const r of routes) {
    const key = `${r.method.toUpperCase()} ${r.route}`
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, r)
      continue
    }
    const firstAt = sourcesOf(first.api).trace(['paths', first.path])
    const sources = sourcesOf(r.api)
    const where = `${basename(firstAt.file)}${firstAt.line === undefined ? '' : `:${firstAt.line}`}`
    problems.push(sources.problem('error', sources.trace(['paths', r.path]), `${r.method.toUpperCase()} ${r.path} is the same route as ${first.method.toUpperCase()} ${first.path} of API '${first.api.name}' (${where}): one of the two must move (another path or base path)`))
  }
  return problems
}
