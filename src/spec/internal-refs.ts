import { splitPointer } from '../util/yaml-source.js'
import { displayPath } from './problems.js'
import { refOf, valueAt, type SourceSet } from './sources.js'
import type { JsonObject, SpecProblem } from './types.js'

/**
 * The fast path of bundling. A document whose $refs all point inside itself is already
 * bundled; swagger-parser's bundler would still crawl it, and its inventory is quadratic
 * (Microsoft Graph's 20 MB: 8 s of the start-up). Only the bundler's missing-pointer check
 * is left to do, with the same message. Returns undefined when the bundler is needed: a ref
 * to another file, or one whose pointer passes through another $ref (the bundler rewrites
 * those to direct pointers, which Ajv needs).
 */
export function internalRefProblems(sources: SourceSet, doc: JsonObject): SpecProblem[] | undefined {
  const refs = internalRefs(doc)
  if (refs === undefined) return undefined
  const problems: SpecProblem[] = []
  for (const { at, ref } of refs) {
    const tokens = splitPointer(ref)
    let node: unknown = doc
    for (let i = 0; i < tokens.length; i++) {
      if (i > 0 && refOf(node) !== undefined) return undefined
      node = valueAt(node, [tokens[i]!])
      if (node === undefined) {
        const found = tokens.slice(0, i).join('.')
        problems.push(sources.problem('error', sources.trace(at), pointsAtNothing(ref, found === '' ? displayPath(sources.entry) : found, tokens[i])))
        break
      }
    }
  }
  return problems
}

/** The message of a $ref whose target is missing: `holder` is the deepest part that exists, `token` the first missing key. */
export function pointsAtNothing(ref: string, holder: string, token: string | undefined): string {
  return `$ref '${ref}' points at nothing${token === undefined ? '' : `: ${holder} has no '${token}'`}`
}

/** Every $ref with where it is written, or undefined as soon as one is not '#' or '#/...'. */
function internalRefs(doc: JsonObject): Array<{ at: string[]; ref: string }> | undefined {
  const refs: Array<{ at: string[]; ref: string }> = []
  const path: string[] = []
  let external = false
  const walk = (node: unknown): void => {
    if (external || node === null || typeof node !== 'object') return
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(String(i))
        walk(node[i])
        path.pop()
      }
      return
    }
    const ref = (node as Record<string, unknown>).$ref
    if (typeof ref === 'string') {
      if (ref !== '#' && !(ref.startsWith('#/') && ref.length > 2)) external = true
      refs.push({ at: [...path], ref })
    }
    for (const key in node) {
      path.push(key)
      walk((node as Record<string, unknown>)[key])
      path.pop()
    }
  }
  walk(doc)
  return external ? undefined : refs
}
