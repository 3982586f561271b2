import { closest } from './distance.js'
import type { MetaError } from './meta-schema.js'
import { dotted, parsePointer } from './problems.js'
import type { SourceSet } from './sources.js'
import type { SpecProblem } from './types.js'

/**
 * Turns Ajv's errors against the OpenAPI meta-schema into problems a person can act on.
 * The meta-schemas are full of alternatives (a Reference or a Parameter; one parameter form
 * per location), and Ajv reports every alternative that failed. We keep the alternative that
 * came closest (fewest errors), drop the bookkeeping around it, and word what is left.
 */
export function metaProblems(sources: SourceSet, errors: readonly MetaError[], owners: WeakMap<object, string>): SpecProblem[] {
  const all = errors.map((e) => ({ ...e, branch: branchKey(e, owners) }))
  const chosen = closestAlternatives(all)
  const meaningful = chosen.filter((e) => !summaries.has(e.keyword) && !isRefRequired(e))
  const kept = merge(chosen.filter((e) => !isNoise(e, meaningful)), all)
  return withTypos(kept).map(({ error: e, meant }) => {
    const tokens = parsePointer(e.instancePath)
    const property = unknownProperty(e)
    if (property === undefined) {
      const place = sources.trace(tokens)
      return sources.problem('error', place, `${dotted(place.tokens)} ${phrase(e)}`)
    }
    // Point at the offending key itself: that is the line to fix.
    const place = sources.trace([...tokens, property])
    const subject = place.tokens.slice(0, -1)
    const message =
      subject.length === 1 && subject[0] === 'paths' && !property.startsWith('/')
        ? `path '${property}' must start with '/'`
        : `${dotted(subject)} has unknown property '${property}'` + (meant ? ` (did you mean '${meant}'?)` : '')
    return sources.problem('error', place, message)
  })
}

const summaries = new Set(['oneOf', 'anyOf', 'if', 'then', 'else', 'not'])

/** Where a oneOf/anyOf failed, keeps the errors of the alternatives with the fewest errors. */
function closestAlternatives(all: MetaError[]): MetaError[] {
  const dropped = new Set<MetaError>()
  const forks = new Set(all.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath))
  for (const at of forks) {
    const depth = parsePointer(at).length
    // Only the object and its direct fields compete; deeper errors belong to nested objects.
    const scope = all.filter((e) => !summaries.has(e.keyword) && within(e.instancePath, at) && parsePointer(e.instancePath).length <= depth + 1)
    const groups = new Map<string, MetaError[]>()
    for (const e of scope) groups.set(e.branch ?? '', [...(groups.get(e.branch ?? '') ?? []), e])
    // A Reference alternative ("needs $ref", "no other keys") is never what the author meant.
    const candidates = [...groups.values()].filter((g) => !g.some(isRefRequired))
    if (candidates.length === 0) continue
    for (const group of groups.values()) if (!candidates.includes(group)) group.forEach((e) => dropped.add(e))
    const fewest = Math.min(...candidates.map((g) => g.length))
    for (const group of candidates) if (group.length > fewest) group.forEach((e) => dropped.add(e))
  }
  return all.filter((e) => !dropped.has(e))
}

/** `meaningful`: the errors that are neither oneOf-style summaries nor "required $ref". */
function isNoise(e: MetaError, meaningful: readonly MetaError[]): boolean {
  const others = meaningful.filter((o) => o !== e && within(o.instancePath, e.instancePath))
  // "must match exactly one schema in oneOf" says nothing the branch errors do not say better.
  if (summaries.has(e.keyword) || isRefRequired(e)) return others.length > 0
  if (!inlineBranch(e)) return false
  // A rule every form shares (in: is required) beats the rules of one form (path needs required: true).
  if (others.some((o) => !inlineBranch(o) && o.instancePath === e.instancePath)) return true
  // A wrong value further down explains why this form failed better than its own requirements.
  if (e.keyword === 'required' && others.some((o) => o.instancePath !== e.instancePath && inlineBranch(o) === inlineBranch(e))) {
    return true
  }
  // `type: strin` fails both "one of the type names" and "an array of them": keep the first.
  return e.keyword === 'type' && others.some((o) => o.instancePath === e.instancePath && o.keyword === 'enum')
}

/**
 * Same-place enum errors become one list; a one-value enum is a form's selector (in: path),
 * so it lists the values of every form. Required keys of sibling forms become "one of".
 */
function merge(errors: MetaError[], all: readonly MetaError[]): MetaError[] {
  const out: MetaError[] = []
  for (const e of errors) {
    const twin = out.find((o) => o.instancePath === e.instancePath && o.keyword === e.keyword && (e.keyword === 'enum' || isAlternativeRequired(o, e)))
    if (!twin) out.push({ ...e, params: { ...e.params } })
    else if (e.keyword === 'enum') twin.params.allowedValues = union(twin, e)
    else twin.params.alternatives = [...((twin.params.alternatives as unknown[]) ?? [twin.params.missingProperty]), e.params.missingProperty]
  }
  for (const e of out) {
    const selectors = all.filter((o) => o.keyword === 'enum' && o.instancePath === e.instancePath)
    if (e.keyword !== 'enum' || selectors.some((o) => (o.params.allowedValues as unknown[]).length > 1)) continue
    for (const o of selectors) e.params.allowedValues = union(e, o)
  }
  return out
}

function union(a: MetaError, b: MetaError): unknown[] {
  return [...new Set([...(a.params.allowedValues as unknown[]), ...(b.params.allowedValues as unknown[])])]
}

function isAlternativeRequired(a: MetaError, b: MetaError): boolean {
  return b.keyword === 'required' && inlineBranch(b) !== undefined && inlineBranch(a) === inlineBranch(b)
}

/** "unknown 'descriptio'" and "missing 'description'" are one typo: said once, as a suggestion. */
function withTypos(errors: MetaError[]): Array<{ error: MetaError; meant?: string }> {
  const out: Array<{ error: MetaError; meant?: string }> = []
  const explained = new Set<MetaError>()
  for (const e of errors) {
    const property = unknownProperty(e)
    if (property === undefined) continue
    const missing = errors.filter((m) => m.keyword === 'required' && m.instancePath === e.instancePath)
    const known = Object.keys(e.parentSchema?.properties ?? {})
    const meant = closest(property, [...missing.map((m) => String(m.params.missingProperty)), ...known])
    if (meant === undefined) continue
    missing.filter((m) => m.params.missingProperty === meant).forEach((m) => explained.add(m))
    out.push({ error: e, meant })
  }
  for (const e of errors) if (!explained.has(e) && !out.some((o) => o.error === e)) out.push({ error: e })
  return out.sort((a, b) => errors.indexOf(a.error) - errors.indexOf(b.error))
}

function phrase(e: MetaError): string {
  const p = e.params
  switch (e.keyword) {
    case 'required':
      if (Array.isArray(p.alternatives)) return `must have one of ${p.alternatives.map((a) => `'${String(a)}'`).join(' or ')}`
      return `must have required property '${String(p.missingProperty)}'`
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`
    case 'minProperties':
      if (e.instancePath.endsWith('/responses') && p.limit === 1) return 'must have at least one response'
      return `must have at least ${String(p.limit)} entries`
    case 'oneOf':
    case 'anyOf':
      return 'does not match any of the forms allowed here'
    case 'if':
    case 'then':
    case 'else':
      return 'is not valid here'
    default:
      return e.message ?? `fails ${e.keyword}`
  }
}

function unknownProperty(e: MetaError): string | undefined {
  const property = e.params.additionalProperty ?? e.params.unevaluatedProperty
  return typeof property === 'string' ? property : undefined
}

function isRefRequired(e: MetaError): boolean {
  return e.keyword === 'required' && e.params.missingProperty === '$ref'
}

function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(parent + '/')
}

/** The inline oneOf/anyOf this error's schema path goes through, e.g. ".../ParameterLocation/oneOf". */
function inlineBranch(e: MetaError): string | undefined {
  return /^(.*\/(?:oneOf|anyOf))\/\d+\//.exec(e.schemaPath)?.[1]
}

/** Which alternative an error belongs to: its meta-schema definition, and inline branch if any. */
function branchKey(e: MetaError, owners: WeakMap<object, string>): string {
  const owner = e.parentSchema ? owners.get(e.parentSchema) : undefined
  const inline = /^(.*\/(?:oneOf|anyOf)\/\d+)\//.exec(e.schemaPath)?.[1]
  return `${owner ?? '#'}|${inline ?? ''}`
}
