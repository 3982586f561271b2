import { relative, isAbsolute } from 'node:path'
import type { SpecProblem } from './types.js'

/** A spec that cannot be served; the message lists every problem, one per line. */
export class SpecError extends Error {
  readonly problems: SpecProblem[]

  constructor(problems: SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'))
    this.name = 'SpecError'
    this.problems = problems
  }
}

/** "file:line:column: message (at /pointer)"; paths under the working directory are shown relative. */
export function formatProblem(p: SpecProblem): string {
  let where = displayPath(p.file)
  if (p.line !== undefined) where += `:${p.line}` + (p.column !== undefined ? `:${p.column}` : '')
  const kind = p.severity === 'warning' ? 'warning: ' : ''
  const at = p.pointer !== undefined && p.pointer !== '' ? ` (at ${p.pointer})` : ''
  return `${where}: ${kind}${p.message}${at}`
}

export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file
  const rel = relative(process.cwd(), file)
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel
}

export function toPointer(tokens: readonly string[]): string {
  return tokens.map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

/** The dotted form used at the start of messages: paths./pets.get.responses */
export function dotted(tokens: readonly string[]): string {
  return tokens.length === 0 ? 'the document' : tokens.join('.')
}

/** Sorted by file, then line, without repeats (one broken schema can be reached many ways). */
export function tidy(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>()
  const out: SpecProblem[] = []
  for (const p of problems) {
    const key = formatProblem(p)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(p)
  }
  return out.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  )
}

/** Splits an RFC 6901 pointer as Ajv writes it (no URI escaping, unlike a $ref fragment). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}
