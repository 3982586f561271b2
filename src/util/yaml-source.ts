import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml'

/** A YAML or JSON text parsed with positions, so that problems can name a line. */
export interface SourceDocument {
  file: string
  value: unknown
  /** 1-based line and column of the node at a JSON pointer, or of its nearest existing parent. */
  locate(pointer: string): { line: number; column: number } | undefined
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
 * A JSON text is read with JSON.parse, several times faster on multi-megabyte documents,
 * and its positions are computed only when something asks where a node is (a problem to
 * report). Duplicate keys in JSON then keep the last value, as JSON.parse does; one that
 * does not parse as JSON goes through the YAML parser for a located error.
 */
export function parseSource(file: string, text: string): SourceDocument {
  if (/^\s*[{[]/.test(text)) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return parseYaml(file, text)
    }
    let located: SourceDocument | undefined
    const locate = (pointer: string) => {
      try {
        located ??= parseYaml(file, text)
      } catch {
        return undefined // duplicate keys: valid for JSON.parse, refused by the YAML parser
      }
      return located.locate(pointer)
    }
    return { file, value, locate }
  }
  return parseYaml(file, text)
}

function parseYaml(file: string, text: string): SourceDocument {
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
  return path
    .slice(1)
    .split('/')
    .map((t) => decodeToken(t).replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** Refs are URI fragments ('%7Bid%7D'); a key with a bare '%' is taken as written. */
function decodeToken(token: string): string {
  try {
    return decodeURIComponent(token)
  } catch {
    return token
  }
}
