// Media types of request bodies (Content-Type against the keys of an operation's
// requestBody.content) and content negotiation of responses (Accept against the keys of a
// response's content). Both run on every request, so parsed headers are cached by their text
// (bounded: a client can send endless distinct values, so a full cache is simply dropped).

export interface MediaType {
  readonly type: string
  readonly subtype: string
  readonly essence: string // `type/subtype`, lower case: what media types compare on
  /** Parameter names are lower case; values are kept as sent (a boundary is case-sensitive). */
  readonly params: Readonly<Record<string, string>>
}

interface Range { media: MediaType; q: number; specificity: number; index: number }

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const QVALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/
const CACHE_SIZE = 512
const mediaTypes = new Map<string, MediaType | null>()
const accepts = new Map<string, Range[]>()
const negotiated = new WeakMap<readonly string[], Map<string, string | null>>()
const OCTET_STREAM = 'application/octet-stream' // what RFC 9110 §8.3 lets a missing type mean

/** Parses `type/subtype; name=value ...` (RFC 9110 §8.3.1); undefined when not a media type. */
export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (header === undefined) return undefined
  const cached = mediaTypes.get(header)
  if (cached !== undefined) return cached ?? undefined
  const parsed = scan(header, 0, false)
  if (mediaTypes.size >= CACHE_SIZE) mediaTypes.clear()
  mediaTypes.set(header, parsed.media ?? null)
  return parsed.media
}

/**
 * The key of requestBody.content that a Content-Type selects, most specific first:
 * 1. the same essence (among several, the key whose parameters all agree with the request);
 * 2. a structured-suffix range such as `application/*+json` (an OpenAPI-ism, not RFC 9110,
 *    but its meaning is unambiguous): it takes `application/problem+json`;
 * 3. `type/*`; 4. the full wildcard.
 * `application/problem+json` does NOT select a declared `application/json`: they are
 * different media types and the spec author can declare the range when they mean it.
 * A missing Content-Type is taken as application/octet-stream (RFC 9110 §8.3).
 */
export function matchRequestMediaType(contentType: string | undefined, declared: readonly string[]): string | undefined {
  if (contentType !== undefined) for (const key of declared) if (key === contentType) return key
  const request = parseMediaType(contentType ?? OCTET_STREAM)
  if (request === undefined) return undefined
  let best: string | undefined
  let bestRank = 0
  for (const key of declared) {
    const candidate = parseMediaType(key)
    const rank = candidate === undefined ? 0 : requestRank(request, candidate)
    if (rank > bestRank) {
      best = key
      bestRank = rank
    }
  }
  return best
}

function requestRank(request: MediaType, key: MediaType): number {
  if (key.essence === request.essence) return paramsAgree(key.params, request.params) ? 100 + countParams(key.params) : 50
  if (key.type === '*') return 10
  if (key.type !== request.type) return 0
  if (key.subtype === '*') return 20
  if (key.subtype.startsWith('*+')) return request.subtype.endsWith(key.subtype.slice(1)) ? 30 : 0
  return 0
}

/** Object.keys(params).length without the array: this runs per request. */
function countParams(params: Readonly<Record<string, string>>): number {
  let n = 0
  for (const _ in params) n++
  return n
}

function paramsAgree(wanted: Readonly<Record<string, string>>, given: Readonly<Record<string, string>>): boolean {
  for (const name in wanted) if (given[name]?.toLowerCase() !== wanted[name]?.toLowerCase()) return false
  return true
}

/**
 * Content negotiation (RFC 9110 §12.5.1): the available type the Accept header prefers, or
 * undefined when it admits none (the caller answers 406). Each available type takes the q of
 * the most specific range that matches it; q=0 excludes. Ties go to the type matched by the
 * more specific range, then the range listed first, then the server's order. A missing or
 * empty Accept admits anything; ranges that do not parse (or have a bad q) are ignored, and
 * an Accept made only of those is treated as missing.
 */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  if (accept === undefined || accept === '*/*' || accept === '') return available[0]
  for (const type of available) if (type === accept) return type
  let results = negotiated.get(available)
  if (results === undefined) negotiated.set(available, (results = new Map()))
  const cached = results.get(accept)
  if (cached !== undefined) return cached ?? undefined
  const chosen = choose(parseAccept(accept), available)
  if (results.size >= CACHE_SIZE) results.clear()
  results.set(accept, chosen ?? null)
  return chosen
}

function choose(ranges: readonly Range[], available: readonly string[]): string | undefined {
  if (ranges.length === 0) return available[0]
  let best: string | undefined
  let bestRange: Range | undefined
  for (const type of available) {
    const media = parseMediaType(type)
    if (media === undefined) continue
    let match: Range | undefined
    for (const range of ranges) if (matches(range.media, media) && (match === undefined || range.specificity > match.specificity)) match = range
    if (match === undefined || match.q === 0) continue
    if (bestRange === undefined || better(match, bestRange)) {
      best = type
      bestRange = match
    }
  }
  return best
}

function better(a: Range, b: Range): boolean {
  if (a.q !== b.q) return a.q > b.q
  if (a.specificity !== b.specificity) return a.specificity > b.specificity
  return a.index < b.index
}

/** A range matches a type; a declared response key may itself be a range (`image/*`). */
function matches(range: MediaType, media: MediaType): boolean {
  if (range.type !== '*' && media.type !== '*' && range.type !== media.type) return false
  if (range.subtype !== '*' && media.subtype !== '*' && range.subtype !== media.subtype) return false
  for (const name in range.params) if (media.params[name]?.toLowerCase() !== range.params[name]?.toLowerCase()) return false
  return true
}

function parseAccept(accept: string): Range[] {
  const cached = accepts.get(accept)
  if (cached !== undefined) return cached
  const ranges: Range[] = []
  for (let i = 0; i < accept.length; ) {
    const { media, q, end } = scan(accept, i, true)
    i = end + 1
    if (media === undefined || (q !== undefined && !QVALUE.test(q))) continue
    const specificity = media.type === '*' ? 0 : media.subtype === '*' ? 1 : 2 + countParams(media.params)
    ranges.push({ media, q: q === undefined ? 1 : Number(q), specificity, index: ranges.length })
  }
  if (accepts.size >= CACHE_SIZE) accepts.clear()
  accepts.set(accept, ranges)
  return ranges
}

/**
 * Reads one media type and its parameters from `start`, up to the end or, in a `list`
 * (Accept), the next top-level comma. In a list, `q` ends the media type parameters (what
 * follows is accept-ext, ignored). A malformed parameter is skipped, not fatal.
 */
function scan(text: string, start: number, list: boolean): { media: MediaType | undefined; q: string | undefined; end: number } {
  const n = text.length
  const delimiter = (c: number) => c === 59 /* ; */ || (list && c === 44) /* , */
  let i = start
  while (i < n && !delimiter(text.charCodeAt(i))) i++
  const essence = text.slice(start, i)
  const params: Record<string, string> = Object.create(null)
  let q: string | undefined
  while (i < n && text.charCodeAt(i) === 59) {
    let j = ++i
    while (j < n && text.charCodeAt(j) !== 61 /* = */ && !delimiter(text.charCodeAt(j))) j++
    const name = text.slice(i, j).trim().toLowerCase()
    let value = ''
    if (text.charCodeAt(j) === 61) {
      for (j++; text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9; j++);
      const quoted = text.charCodeAt(j) === 34 /* " */
      // A quoted-string; a backslash escapes the next character (RFC 9110 §5.6.4).
      if (quoted) for (j++; j < n && text.charCodeAt(j) !== 34; j++) value += text.charCodeAt(j) === 92 && j + 1 < n ? text[++j] : text[j]
      const from = j
      while (j < n && !delimiter(text.charCodeAt(j))) j++
      if (!quoted) value = text.slice(from, j).trim()
    }
    i = j
    if (!TOKEN.test(name) || value === '') continue
    if (list && name === 'q') {
      q = value
      while (i < n && text.charCodeAt(i) !== 44) i++
      break
    }
    if (name !== '__proto__') params[name] = value
  }
  return { media: essenceOf(essence, params), q, end: i }
}

function essenceOf(text: string, params: Record<string, string>): MediaType | undefined {
  const essence = text.trim().toLowerCase()
  const slash = essence.indexOf('/')
  const type = essence.slice(0, slash)
  const subtype = essence.slice(slash + 1)
  if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined
  if (type === '*' && subtype !== '*') return undefined // `*/json` is no range (RFC 9110 §12.5.1)
  return Object.freeze({ type, subtype, essence, params: Object.freeze(params) })
}
