import { existsSync, readFileSync, writeFileSync } from 'node:fs'

export const SECTIONS = ['http', 'workers', 'startup', 'persistence'] as const
export type Section = (typeof SECTIONS)[number]

const TITLES: Record<Section, string> = {
  http: 'HTTP: three operations, every contender on one core',
  workers: 'Cores: `macaron start --workers N`',
  startup: 'Start-up time and memory',
  persistence: 'Persistence: model API against the raw clients',
}
const NOTES = '<!-- notes: everything below this line is kept when the bench rewrites this file -->'
const SECTION_MARK = /<!-- section:([\w-]+) -->/g

/**
 * The key a suite's results are filed under. The HTTP suite keeps one section per Node
 * major version (`http-node20`, `http-node24`): ratios move between runtimes, and a run on
 * one must not overwrite the other's figures.
 */
export function sectionKey(suite: Section, nodeVersion = process.versions.node): string {
  return suite === 'http' ? `http-node${nodeVersion.split('.')[0]}` : suite
}

function title(key: string): string {
  const node = /^http-node(\d+)$/.exec(key)
  if (node) return `HTTP on Node ${node[1]}: three operations, every contender on one core`
  return TITLES[key as Section] ?? key
}

/** Suites in their order, an HTTP section per Node version in version order. */
function order(key: string): number {
  const suite = key.startsWith('http') ? 'http' : key
  const node = /^http-node(\d+)$/.exec(key)
  return SECTIONS.indexOf(suite as Section) * 1000 + (node ? Number(node[1]) : 0)
}

/**
 * Rewrites RESULTS.md with the sections this run produced; sections not run this time are
 * kept as they were (with their own date line), as are the notes at the end.
 */
export function writeResults(file: string, header: string, fresh: Record<string, string>): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const notesAt = old.indexOf(NOTES)
  const kept = [...(notesAt === -1 ? old : old.slice(0, notesAt)).matchAll(SECTION_MARK)].map((m) => m[1]!)
  const keys = [...new Set([...kept, ...Object.keys(fresh)])].sort((a, b) => order(a) - order(b))
  const parts = ['# Benchmark results', '', 'Written by `npm run bench` (bench/run.ts); do not edit above the notes line.', '']
  for (const key of keys) {
    const body = fresh[key] !== undefined ? `${header}\n\n${fresh[key]}` : between(old, key)
    if (body === undefined) continue
    parts.push(`<!-- section:${key} -->`, `## ${title(key)}`, '', body.trim(), `<!-- /section:${key} -->`, '')
  }
  parts.push(NOTES, notesAt === -1 ? '' : old.slice(notesAt + NOTES.length).replace(/^\n/, ''))
  writeFileSync(file, parts.join('\n'))
}

function between(text: string, key: string): string | undefined {
  const start = text.indexOf(`<!-- section:${key} -->`)
  const end = text.indexOf(`<!-- /section:${key} -->`)
  if (start === -1 || end === -1) return undefined
  const body = text.slice(start, end).split('\n').slice(1)
  // Drop the title line written above; keep the rest as it was.
  return body.slice(body[0]?.startsWith('## ') ? 1 : 0).join('\n')
}
