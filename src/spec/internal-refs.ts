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
  // A document repeats the same few refs (Microsoft Graph: hundreds of thousands of uses):
  // each is checked once.
  const verdicts = new Map<string, Verdict>()
  const problems: SpecProblem[] = []
  const path: string[] = []
  let bundlerNeeded = false
  const walk = (node: unknown): void => {
    if (bundlerNeeded || node === null || typeof node !== 'object') return
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
      let verdict = verdicts.get(ref)
      if (verdict === undefined) verdicts.set(ref, (verdict = check(doc, ref)))
      if (verdict === BUNDLER) {
        bundlerNeeded = true
        return
      }
      if (verdict !== FOUND) problems.push(sources.problem('error', sources.trace([...path]), pointsAtNothing(ref, verdict.holder === '' ? displayPath(sources.entry) : verdict.holder, verdict.token)))
    }
    for (const key in node) {
      path.push(key)
      walk((node as Record<string, unknown>)[key])
      path.pop()
    }
  }
  walk(doc)
  return bundlerNeeded ? undefined : problems
}

const FOUND = 0
const BUNDLER = 1
/** FOUND, BUNDLER (a ref to another file, or through another $ref), or what is missing. */
type Verdict = typeof FOUND | typeof BUNDLER | { holder: string; token: string | undefined }

function check(doc: JsonObject, ref: string): Verdict {
  if (ref !== '#' && !(ref.startsWith('#/') && ref.length > 2)) return BUNDLER
  const tokens = splitPointer(ref)
  let node: unknown = doc
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && refOf(node) !== undefined) return BUNDLER
    node = valueAt(node, [tokens[i]!])
    if (node === undefined) return { holder: tokens.slice(0, i).join('.'), token: tokens[i] }
  }
  return FOUND
}

/** The message of a $ref whose target is missing: `holder` is the deepest part that exists, `token` the first missing key. */
export function pointsAtNothing(ref: string, holder: string, token: string | undefined): string {
  return `$ref '${ref}' points at nothing${token === undefined ? '' : `: ${holder} has no '${token}'`}`
}
