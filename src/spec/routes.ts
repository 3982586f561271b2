import { basename } from 'node:path'
import { sourcesOf } from './lint.js'
import { followLocal, HTTP_METHODS, isObject } from './operations-of.js'
import type { SourceSet } from './sources.js'
import type { JsonObject, LoadedApi, SpecProblem } from './types.js'

/**
 * Two paths that differ only in the names of their templated parts (`/payslips/{runId}` and
 * `/payslips/{year}`) are one route: OpenAPI forbids such "identical" templated paths.
 * When the two declare the same method, the router could serve only one of them: an error,
 * at the second, naming the first and its line (instead of the router's duplicate-route
 * error at start-up). When they share no method, each method has one operation and the
 * router tells them apart (parameter names are its own, p0, p1 ...): a warning, and both
 * are served.
 */
export function routeProblems(sources: SourceSet, document: JsonObject): SpecProblem[] {
  const paths = document.paths
  if (!isObject(paths)) return []
  const seen = new Map<string, Array<{ path: string; methods: string[] }>>()
  const problems: SpecProblem[] = []
  for (const path of Object.keys(paths)) {
    const shape = path.replace(/\{[^}/]*\}/g, '{}')
    const methods = methodsOf(document, paths[path], path)
    const earlier = seen.get(shape)
    if (earlier === undefined) {
      seen.set(shape, [{ path, methods }])
      continue
    }
    earlier.push({ path, methods })
    const clash = earlier.find((e) => e.path !== path && e.methods.some((m) => methods.includes(m)))
    const first = clash ?? earlier[0]!
    const firstAt = sources.trace(['paths', first.path])
    const same = `path '${path}' is the same route as '${first.path}'${firstAt.line === undefined ? '' : ` (line ${firstAt.line})`}`
    const place = sources.trace(['paths', path])
    if (clash !== undefined) {
      const shared = methods.filter((m) => clash.methods.includes(m)).map((m) => m.toUpperCase()).join(', ')
      problems.push(sources.problem('error', place, `${same} and both declare ${shared}: templated paths that differ only in parameter names are not allowed`))
    } else {
      const list = (ms: string[]) => (ms.length === 0 ? 'no method' : ms.map((m) => m.toUpperCase()).join(', '))
      problems.push(sources.problem('warning', place, `${same}: OpenAPI does not allow templated paths that differ only in parameter names; both are served, since they share no method (${list(first.methods)} there, ${list(methods)} here)`))
    }
  }
  return problems
}

/** The methods a path item declares, through a '#/...' $ref if it is one. */
function methodsOf(document: JsonObject, item: unknown, path: string): string[] {
  const { value } = followLocal(document, item, ['paths', path])
  return isObject(value) ? HTTP_METHODS.filter((m) => isObject(value[m])) : []
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
