import { InvalidParameter, MalformedJson } from '../../errors/http-errors.js'

// JSON bodies with the guarantees of Fastify's secure parsing (secure-json-parse), but with
// errors a client can act on: a syntax error says where it is without echoing the body, and
// a prototype-poisoning key is refused by name instead of failing with a bare 400 or being
// silently stripped. secure-json-parse itself is not imported: it is only a transitive
// dependency, and its scan throws without saying which key it found.

// The suspicion test secure-json-parse runs, in one pass: a key spelled `__proto__` or
// `constructor`, literally or with \u escapes. Only when it matches is the value walked.
const PROTO = /(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])/
const CONSTRUCTOR = /(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)/
const SUSPECT = new RegExp(`"(?:${PROTO.source}|${CONSTRUCTOR.source})"\\s*:`)

export const FORBIDDEN_PROPERTY = 'forbidden property name'

/**
 * Parses a JSON text. `field` prefixes the names of forbidden keys (a form field holding
 * JSON). Throws MalformedJson for empty or invalid text, InvalidParameter for `__proto__`
 * keys and `constructor` objects with a `prototype`, which would poison objects merged later.
 */
export function parseJson(text: string, field = ''): unknown {
  // A leading BOM is tolerated, as by Fastify (RFC 8259 §8.1 lets parsers ignore it).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new MalformedJson(describeJsonError(text))
  }
  if (typeof value === 'object' && value !== null && SUSPECT.test(text)) {
    const forbidden = findForbiddenKey(value, field)
    if (forbidden !== undefined) {
      throw new InvalidParameter('The body has a forbidden property name.', {
        details: [{ field: forbidden, location: 'body', message: FORBIDDEN_PROPERTY }],
      })
    }
  }
  return value
}

/**
 * The path of the first forbidden key, in the form validation errors use (`items[0].__proto__`),
 * walking breadth-first without recursion so deep nesting cannot overflow the stack.
 */
function findForbiddenKey(root: object, prefix: string): string | undefined {
  const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`)
  let level: [object, string][] = [[root, prefix]]
  while (level.length > 0) {
    const next: [object, string][] = []
    for (const [node, path] of level) {
      if (Object.hasOwn(node, '__proto__')) return join(path, '__proto__')
      const ctor = Object.hasOwn(node, 'constructor') ? (node as Record<string, unknown>).constructor : undefined
      if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) return join(path, 'constructor.prototype')
      const array = Array.isArray(node)
      for (const key of Object.keys(node)) {
        const child = (node as Record<string, unknown>)[key]
        if (typeof child === 'object' && child !== null) next.push([child, array ? `${path}[${key}]` : join(path, key)])
      }
    }
    level = next
  }
  return undefined
}

/** The description of a MalformedJson for a body JSON.parse refused. */
export function describeJsonError(text: string): string {
  if (text.trim() === '') return 'The body is empty; a JSON value was expected.'
  return `The body is not valid JSON: ${jsonSyntaxProblem(text)}.`
}

/**
 * Where a text JSON.parse refused goes wrong, e.g. "unexpected character '}' at line 1,
 * column 7 (offset 6)". V8's own messages quote the input, so the position is found again
 * here, echoing at most one character; this runs only on the error path.
 */
export function jsonSyntaxProblem(text: string): string {
  if (text.trim() === '') return 'empty'
  const at = jsonErrorOffset(text)
  if (at < 0) return 'unreadable'
  let line = 1
  let column = 1
  for (let i = 0; i < at; i++) {
    if (text.charCodeAt(i) === 10) [line, column] = [line + 1, 1]
    else column++
  }
  const c = text.charCodeAt(at)
  const what = at >= text.length ? 'unexpected end of input'
    : c >= 0x20 && c < 0x7f ? `unexpected character '${text[at]}'`
    : `unexpected character U+${c.toString(16).toUpperCase().padStart(4, '0')}`
  return `${what} at line ${line}, column ${column} (offset ${at})`
}

// States of the validator below: what may come next.
const VALUE = 0, VALUE_OR_CLOSE = 1, KEY = 2, KEY_OR_CLOSE = 3, AFTER = 4

/** The offset of the first character that makes `text` invalid JSON; -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  const n = text.length
  const stack: boolean[] = [] // true: inside an object; explicit so deep nesting cannot overflow
  const skipSpace = (j: number) => {
    while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) j++
    return j
  }
  let state = VALUE
  for (let i = skipSpace(0); ; i = skipSpace(i)) {
    if (i >= n) return state === AFTER && stack.length === 0 ? -1 : n
    const c = text.charCodeAt(i)
    const inObject = stack[stack.length - 1]
    if (state === AFTER) {
      if (inObject === undefined) return i // something after the complete value
      if (c === 44 /* , */) state = inObject ? KEY : VALUE
      else if (c === (inObject ? 125 : 93) /* } or ] */) stack.pop()
      else return i
      i++
    } else if (state === KEY_OR_CLOSE && c === 125) {
      stack.pop()
      state = AFTER
      i++
    } else if (state === KEY || state === KEY_OR_CLOSE) {
      if (c !== 34) return i
      i = scanString(text, i)
      if (i < 0) return ~i
      i = skipSpace(i)
      if (text.charCodeAt(i) !== 58 /* : */) return i
      state = VALUE
      i++
    } else if (state === VALUE_OR_CLOSE && c === 93) {
      stack.pop()
      state = AFTER
      i++
    } else if (c === 123 || c === 91) {
      stack.push(c === 123)
      state = c === 123 ? KEY_OR_CLOSE : VALUE_OR_CLOSE
      i++
    } else {
      i = c === 34 ? scanString(text, i) : c === 45 || (c >= 48 && c <= 57) ? scanNumber(text, i) : scanLiteral(text, i)
      if (i < 0) return ~i
      state = AFTER
    }
  }
}

/** Scanners return the offset after the token, or ~offset of the first bad character. */
function scanString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) return i + 1
    if (c < 0x20) return ~i
    if (c === 92) {
      const e = text[++i]
      if (e === 'u') {
        for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) return ~(i + k)
        i += 4
      } else if (e === undefined || !'"\\/bfnrt'.includes(e)) return ~i
    }
  }
  return ~i
}

function scanNumber(text: string, i: number): number {
  const digits = (from: number) => { let j = from; while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++; return j }
  if (text[i] === '-') i++
  if (text[i] === '0') i++
  else if (digits(i) === i) return ~i
  else i = digits(i)
  if (text[i] === '.') { const j = digits(i + 1); if (j === i + 1) return ~j; i = j }
  if (text[i] === 'e' || text[i] === 'E') {
    if (text[i + 1] === '+' || text[i + 1] === '-') i++
    const j = digits(i + 1)
    if (j === i + 1) return ~j
    i = j
  }
  return i
}

function scanLiteral(text: string, i: number): number {
  const literal = text[i] === 't' ? 'true' : text[i] === 'f' ? 'false' : text[i] === 'n' ? 'null' : ''
  if (literal === '') return ~i
  for (let k = 1; k < literal.length; k++) if (text[i + k] !== literal[k]) return ~(i + k)
  return i + literal.length
}
