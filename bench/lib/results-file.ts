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

/**
 * Rewrites RESULTS.md with the sections this run produced; sections of suites not run this
 * time are kept as they were (with their own date line), as are the notes at the end.
 */
export function writeResults(file: string, header: string, fresh: Partial<Record<Section, string>>): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const parts = ['# Benchmark results', '', 'Written by `npm run bench` (bench/run.ts); do not edit above the notes line.', '']
  for (const s of SECTIONS) {
    const body = fresh[s] !== undefined ? `${header}\n\n${fresh[s]}` : between(old, s)
    if (body === undefined) continue
    parts.push(`<!-- section:${s} -->`, `## ${TITLES[s]}`, '', body.trim(), `<!-- /section:${s} -->`, '')
  }
  const notesAt = old.indexOf(NOTES)
  parts.push(NOTES, notesAt === -1 ? '' : old.slice(notesAt + NOTES.length).replace(/^\n/, ''))
  writeFileSync(file, parts.join('\n'))
}

function between(text: string, s: Section): string | undefined {
  const start = text.indexOf(`<!-- section:${s} -->`)
  const end = text.indexOf(`<!-- /section:${s} -->`)
  if (start === -1 || end === -1) return undefined
  const body = text.slice(start, end).split('\n').slice(1)
  // Drop the title line written above; keep the rest as it was.
  return body.slice(body[0]?.startsWith('## ') ? 1 : 0).join('\n')
}
