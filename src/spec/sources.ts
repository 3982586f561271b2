import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSource, splitPointer, type SourceDocument } from '../util/yaml-source.js'
import { toPointer } from './problems.js'
import type { SpecProblem } from './types.js'

/** A place in a file that a problem can name. */
export interface Place {
  file: string
  pointer: string
  /** The pointer's tokens inside `file`, for messages. */
  tokens: string[]
  line?: number
  column?: number
}

/**
 * The files one API was read from, as written, with positions. A pointer into the bundled
 * document is walked through these files, jumping across $refs the way the bundler did, so
 * that a problem names the file and line the user must edit. This only locates: the
 * document itself is produced by swagger-parser.
 */
export class SourceSet {
  readonly files = new Map<string, SourceDocument>()
  /** digest()'s answer until another file is added (bundling and validation both ask). */
  private digested: string | undefined

  constructor(readonly entry: string) {}

  add(doc: SourceDocument): void {
    // The same bytes parsed (loadApi digests a large file before it parses it): the same digest.
    if (this.files.get(doc.file)?.source !== doc.source) this.digested = undefined
    this.files.set(doc.file, doc)
  }

  /**
   * A digest of every file read so far, names and contents (as UTF-8): what a document was
   * built from. Hashing a 20 MB text costs 0.15 s, most of it encoding it to UTF-8 again;
   * its bytes as read from the disk, 0.02 s.
   */
  digest(): string {
    if (this.digested !== undefined) return this.digested
    const hash = createHash('sha256')
    for (const file of [...this.files.keys()].sort()) {
      hash.update(`${file}\0`)
      hash.update(this.files.get(file)!.source)
      hash.update('\0')
    }
    return (this.digested = hash.digest('hex'))
  }

  /**
   * Gives up the parsed value of `file` (the caller rewrites it: loadApi upgrades the
   * document in place); it is parsed again from its source if anything asks.
   */
  release(file: string): void {
    const doc = this.files.get(file)
    if (doc !== undefined) this.files.set(file, unparsed(file, doc.source))
  }

  /** The parsed file, read now if the bundler did not need it (callers keep it unmutated). */
  get(file: string): SourceDocument | undefined {
    let doc = this.files.get(file)
    if (!doc) {
      try {
        doc = parseSource(file, readFileSync(file))
        this.add(doc)
      } catch {
        return undefined
      }
    }
    return doc
  }

  /** Where `tokens`, a path from the root of `file` that may pass through $refs, was written. */
  trace(tokens: readonly (string | number)[], file = this.entry): Place {
    let doc = this.get(file)
    let node: unknown = doc?.value
    let at: string[] = []
    let rest = tokens.map(String)
    for (let hops = 0; doc && rest.length > 0 && hops < 10_000; hops++) {
      const ref = refOf(node)
      if (ref !== undefined) {
        const target = resolveRef(file, ref)
        const targetDoc = this.get(target.file)
        const targetNode = targetDoc && valueAt(targetDoc.value, target.tokens)
        if (!targetDoc || targetNode === undefined) break
        ;[file, doc, node, at] = [target.file, targetDoc, targetNode, target.tokens]
        continue
      }
      const [head, ...tail] = rest as [string, ...string[]]
      const child = valueAt(node, [head])
      if (child === undefined) break
      ;[node, rest] = [child, tail]
      at = [...at, head]
    }
    // Tokens that lead nowhere (a missing property) stay in the pointer but not in the line.
    const tokensOut = [...at, ...rest]
    const place: Place = { file, pointer: toPointer(tokensOut), tokens: tokensOut }
    const pos = doc && this.position(doc, at)
    if (pos) Object.assign(place, pos)
    return place
  }

  /** Where the node at `tokens` is written; for a mapping entry, where its key is. */
  private position(doc: SourceDocument, tokens: string[]): { line: number; column: number } | undefined {
    const locate = (t: string[]) => doc.locate(toPointer(t).replace(/%/g, '%25'))
    const value = locate(tokens)
    const key = tokens[tokens.length - 1]
    const parentTokens = tokens.slice(0, -1)
    if (!value || key === undefined || Array.isArray(valueAt(doc.value, parentTokens))) return value
    const parent = locate(parentTokens)
    if (!parent) return value
    const lines = doc.text.split('\n')
    // A block value starts on the line after its key; the key is what the user looks for.
    const pattern = new RegExp(`(?:^|[\\s{,])(["']?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*:`, 'g')
    for (let line = value.line; line >= parent.line && line >= 1; line--) {
      let text = lines[line - 1] ?? ''
      if (line === value.line) text = text.slice(0, value.column - 1)
      const matches = [...text.matchAll(pattern)]
      const last = matches[matches.length - 1]
      if (last) return { line, column: last.index + last[0].length - last[0].trimStart().length + 1 }
    }
    return value
  }

  problem(severity: SpecProblem['severity'], place: Place, message: string): SpecProblem {
    const p: SpecProblem = { severity, file: place.file, pointer: place.pointer, message }
    if (place.line !== undefined) [p.line, p.column] = [place.line, place.column]
    return p
  }
}

/** A file read but not parsed yet: parsed when its value or a position is asked for, decoded when its text is. */
export function unparsed(file: string, source: string | Buffer): SourceDocument {
  let parsed: SourceDocument | undefined
  let text = typeof source === 'string' ? source : undefined
  const parse = () => (parsed ??= parseSource(file, source))
  return {
    file,
    source,
    get text() {
      return (text ??= source.toString('utf8'))
    },
    get value() {
      return parse().value
    },
    locate: (pointer) => parse().locate(pointer),
  }
}

export function refOf(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined
  const ref = (node as Record<string, unknown>).$ref
  return typeof ref === 'string' ? ref : undefined
}

export function resolveRef(from: string, ref: string): { file: string; tokens: string[] } {
  const hash = ref.indexOf('#')
  const target = hash < 0 ? ref : ref.slice(0, hash)
  const fragment = hash < 0 ? '' : ref.slice(hash)
  const file = target === '' ? from : resolve(dirname(from), safeDecode(target))
  let tokens: string[]
  try {
    tokens = splitPointer(fragment)
  } catch {
    tokens = [] // a malformed %-escape: the ref is reported by the bundler, here we only locate
  }
  return { file, tokens }
}

export function valueAt(node: unknown, tokens: readonly string[]): unknown {
  for (const token of tokens) {
    if (node === null || typeof node !== 'object') return undefined
    if (!Object.hasOwn(node, token)) return undefined
    node = (node as Record<string, unknown>)[token]
  }
  return node
}

/** The bundler names files by path or file: URL, percent-encoded. */
export function fileOfSource(source: string): string {
  const bare = source.split('#')[0] ?? source
  return bare.startsWith('file:') ? fileURLToPath(bare) : safeDecode(bare)
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
