import { followLocal, isObject, operationsOf } from './operations-of.js'
import type { SourceSet } from './sources.js'
import type { JsonObject, SpecProblem } from './types.js'

interface Declared {
  name: string
  in: string
  /** Where it is written (in the operation or path item, even when that is a $ref). */
  tokens: string[]
}

/**
 * Parameter problems no meta-schema can see, for every version alike:
 * - a {param} in a path template without a declared path parameter, or a declared path
 *   parameter absent from the template: a route that can never be served as written.
 *   swagger-parser checks this for Swagger 2.0 only (its spec validator skips OpenAPI 3),
 *   one error at a time;
 * - the same name and location declared twice in one list (swagger-parser, 2.0 only again,
 *   reports it without saying where).
 */
export function parameterProblems(sources: SourceSet, document: JsonObject): SpecProblem[] {
  const problems: SpecProblem[] = []
  const reported = new Set<string>()
  const report = (d: Declared, message: string) => {
    const key = d.tokens.join('/')
    if (reported.has(key)) return
    reported.add(key)
    problems.push(sources.problem('error', sources.trace(d.tokens), message))
  }
  // Parameters are mostly $refs to a few shared ones (Microsoft Graph: tens of thousands of uses).
  const targets = new Map<string, unknown>()
  for (const { path, method, tokens: opTokens } of operationsOf(document)) {
    const template = [...path.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1] ?? '')
    const shared = declaredIn(document, opTokens.slice(0, -1), targets)
    const own = declaredIn(document, opTokens, targets)
    for (const list of [shared, own]) {
      list.forEach((d, i) => {
        if (list.slice(0, i).some((e) => e.name === d.name && e.in === d.in)) report(d, `parameter '${d.name}' in ${d.in} is declared twice`)
      })
    }
    const declared = [...shared, ...own].filter((d) => d.in === 'path')
    for (const name of template) {
      if (declared.some((d) => d.name === name)) continue
      const place = sources.trace(opTokens)
      problems.push(
        sources.problem('error', place, `path '${path}' has {${name}} but ${method.toUpperCase()} declares no path parameter '${name}'`),
      )
    }
    for (const d of declared) {
      if (!template.includes(d.name)) report(d, `path parameter '${d.name}' does not appear in the path '${path}'`)
    }
  }
  return problems
}

function declaredIn(document: JsonObject, owner: string[], targets: Map<string, unknown>): Declared[] {
  const holder = followLocal(document, valueAtTokens(document, owner), owner).value
  const params = isObject(holder) ? holder.parameters : undefined
  if (!Array.isArray(params)) return []
  const declared: Declared[] = []
  for (let i = 0; i < params.length; i++) {
    const written: unknown = params[i]
    const ref = isObject(written) && typeof written.$ref === 'string' ? written.$ref : undefined
    let param = ref === undefined ? written : targets.get(ref)
    if (ref !== undefined && param === undefined && !targets.has(ref)) targets.set(ref, (param = followLocal(document, written, []).value))
    if (!isObject(param) || typeof param.in !== 'string' || typeof param.name !== 'string') continue
    declared.push({ name: param.name, in: param.in, tokens: [...owner, 'parameters', String(i)] })
  }
  return declared
}

function valueAtTokens(document: JsonObject, tokens: string[]): unknown {
  return tokens.reduce<unknown>((node, t) => (isObject(node) && Object.hasOwn(node, t) ? node[t] : undefined), document)
}
