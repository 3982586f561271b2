import { CORE_SCHEMA, load } from 'js-yaml'
import type { Node } from 'yaml'
import { jsonFromBytes } from './json-bytes.js'
import { yamlLib } from './yaml-lib.js'

/** A YAML or JSON text parsed with positions, so that problems can name a line. */
export interface SourceDocument {
  file: string
  value: unknown
  /** 1-based line and column of the node at a JSON pointer, or of its nearest existing parent. */
  locate(pointer: string): { line: number; column: number } | undefined
  /** No object of `value` is reached twice (JSON, or YAML without anchors): a tree, which can be rewritten in place. */
  tree?: boolean
  /** Parsed as JSON from the bytes read: it holds no value JSON cannot write (YAML's .inf, .nan). */
  json?: boolean
  /** What it was parsed from: the text, or the bytes read (hashed as they are; decoded when `text` is read). */
  source: string | Buffer
  /** The text as written. */
  readonly text: string
}

export class SourceSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`)
    this.name = 'SourceSyntaxError'
  }
}

/**
 * Parses YAML (JSON is YAML) keeping node ranges; syntax errors carry file, line and column.
 *
 * The value comes from a fast parser: JSON.parse for a JSON text, js-yaml with the YAML 1.2
 * core schema otherwise (ten times faster than `yaml` on Rebilly's 1 MB document; a test
 * checks both give the same value on every YAML document of the tests). Positions come from
 * `yaml`, parsed only when something asks where a node is (a problem to report). Whatever
 * the fast parser refuses (a syntax error, duplicate keys in YAML, an unknown tag, several
 * documents), and a text whose aliases expand past a budget (an alias bomb), goes
 * through `yaml` for its located error or value. Duplicate keys in JSON keep the last
 * value, as JSON.parse does. Given the bytes of a file, a JSON text is parsed from them
 * (jsonFromBytes) and decoded only if something reads `text`: a large document's text is
 * not kept in memory for the few problems that would need it.
 */
export function parseSource(file: string, source: string | Buffer): SourceDocument {
  let decoded = typeof source === 'string' ? source : undefined
  const text = () => (decoded ??= (source as Buffer).toString('utf8'))
  const fromBytes = typeof source === 'string' ? undefined : bytesValue(source)
  const value = fromBytes !== undefined ? fromBytes : fastValue(text())
  if (value === undefined) return { ...parseYaml(file, text()), tree: !ANCHOR.test(text()), source, text: text() }
  let located: Located | undefined
  const locate = (pointer: string) => {
    try {
      located ??= parseYaml(file, text())
    } catch {
      return undefined // duplicate keys: valid for JSON.parse, refused by the YAML parser
    }
    return located.locate(pointer)
  }
  return {
    file,
    value,
    locate,
    json: fromBytes !== undefined,
    tree: decoded === undefined || JSON_TEXT.test(decoded) || !ANCHOR.test(decoded),
    source,
    get text() {
      return text()
    },
  }
}

type Located = Pick<SourceDocument, 'file' | 'value' | 'locate'>

const JSON_TEXT = /^\s*[{[]/

/** An anchor (`&name`) where YAML allows one: after a space, a flow indicator or a key's colon. */
const ANCHOR = /(?:^|[\s[{,:-])&[^\s,[\]{}]/

/** The value of a JSON text's bytes (jsonFromBytes), or undefined: not JSON, not sure, or a syntax error for the text's path to locate. */
function bytesValue(bytes: Buffer): unknown {
  let first = 0
  while (first < bytes.length && JSON_SPACE.includes(bytes[first]!)) first++
  if (bytes[first] !== 0x7b && bytes[first] !== 0x5b) return undefined // '{' or '['
  try {
    return jsonFromBytes(bytes)
  } catch {
    return undefined
  }
}

const JSON_SPACE = [0x20, 0x09, 0x0a, 0x0d]

function fastValue(text: string): unknown {
  try {
    if (JSON_TEXT.test(text)) return JSON.parse(text) as unknown
    const value = load(text, { schema: CORE_SCHEMA }) ?? undefined
    // Aliases share one object (in `yaml` too), so a few lines can stand for an exponential
    // tree that every later walk would expand: past a budget, `yaml` and its alias limit decide.
    if (ANCHOR.test(text) && !withinNodes(value, Math.max(100_000, text.length))) return undefined
    return value
  } catch {
    return undefined
  }
}

/** Whether walking `value` as a tree (shared objects once per reference) visits at most `budget` nodes. */
function withinNodes(value: unknown, budget: number): boolean {
  const stack = [value]
  for (let visited = 0; stack.length > 0; visited++) {
    if (visited > budget) return false
    const node = stack.pop()
    if (node !== null && typeof node === 'object') for (const key in node) stack.push((node as Record<string, unknown>)[key])
  }
  return true
}

function parseYaml(file: string, text: string): Located {
  const { isMap, isSeq, LineCounter, parseDocument } = yamlLib()
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
  const first = doc.errors[0]
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0])
    throw new SourceSyntaxError(file, line, col, first.message.split('\n')[0] ?? first.message)
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 })
  return {
    file,
    value,
    locate(pointer) {
      let node: unknown = doc.contents
      let found = node as Node | null
      for (const token of splitPointer(pointer)) {
        if (isMap(node)) node = node.get(token, true)
        else if (isSeq(node)) node = node.get(Number(token), true)
        else break
        if (!node) break
        found = node as Node
      }
      const offset = found?.range?.[0]
      if (offset === undefined) return undefined
      const { line, col } = lineCounter.linePos(offset)
      return { line, column: col }
    },
  }
}

export function splitPointer(pointer: string): string[] {
  const path = pointer.startsWith('#') ? pointer.slice(1) : pointer
  if (path === '' || path === '/') return []
  const tokens = path.slice(1).split('/')
  // Most tokens have neither escapes nor '~' (a large document splits hundreds of thousands
  // of refs at start-up): only those that do are rewritten.
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i]!
    if (token.includes('%')) token = decodeToken(token)
    if (token.includes('~')) token = token.replace(/~1/g, '/').replace(/~0/g, '~')
    tokens[i] = token
  }
  return tokens
}

/** Refs are URI fragments ('%7Bid%7D'); a key with a bare '%' is taken as written. */
function decodeToken(token: string): string {
  try {
    return decodeURIComponent(token)
  } catch {
    return token
  }
}
