import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A throw-away project folder holding one API document, for the doc examples. */
export function writeProject(name: string, document: string): string {
  const dir = mkdtempSync(join(tmpdir(), `macaron-${name}-`))
  mkdirSync(join(dir, 'apis'))
  writeFileSync(join(dir, 'apis', `${name}.yaml`), document)
  return dir
}
