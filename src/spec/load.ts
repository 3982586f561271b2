import { readdir, readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { parseSource, SourceSyntaxError, type SourceDocument } from '../util/yaml-source.js'
import { bundle } from './bundle.js'
import { passedBefore, preparedEntry } from './checked-cache.js'
import { preflight } from './preflight.js'
import { PREPARED_MIN_BYTES, readPrepared, writePrepared, type Prepared, type PreparedIndex } from './prepared.js'
import { SpecError, tidy } from './problems.js'
import { SourceSet, unparsed } from './sources.js'
import type { JsonObject, LoadedApi, SpecProblem } from './types.js'
import { upgradeTo31 } from './upgrade.js'
import { validateBundled } from './validate.js'

/** Where each loaded API was read from, for lint to name lines in any file (kept off the enumerable shape). */
export const SOURCES = Symbol('macaron.spec.sources')
/** What an API loaded from its prepared form lists (prepared.ts): its operations and schemas, without reading the document. */
export const PREPARED_INDEX = Symbol('macaron.spec.prepared-index')

const API_FILE = /\.(ya?ml|json)$/i

/** Loads every *.yaml, *.yml and *.json directly in `apisDir` (sub-folders hold shared files). */
export async function loadApis(apisDir: string, options: LoadOptions = {}): Promise<LoadedApi[]> {
  const dir = resolve(apisDir)
  const files = await apiFiles(dir)
  const settled = await Promise.allSettled(files.map((f) => loadApi(f, options)))
  const problems: SpecProblem[] = []
  for (const result of settled) {
    if (result.status === 'fulfilled') continue
    if (!(result.reason instanceof SpecError)) throw result.reason
    problems.push(...result.reason.problems)
  }
  if (problems.length > 0) throw new SpecError(problems)
  return settled.map((r) => (r as PromiseFulfilledResult<LoadedApi>).value).sort((a, b) => a.name.localeCompare(b.name))
}

async function apiFiles(dir: string): Promise<string[]> {
  const fail = (message: string) => new SpecError([{ severity: 'error', file: dir, message }])
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw fail(code === 'ENOENT' ? 'the APIs folder does not exist' : `the APIs folder cannot be read (${code})`)
  }
  const files: string[] = []
  for (const name of names.filter((n) => API_FILE.test(n)).sort()) {
    if ((await stat(join(dir, name))).isFile()) files.push(join(dir, name))
  }
  if (files.length === 0) throw fail('the APIs folder has no .yaml, .yml or .json file')
  const byName = new Map<string, string>()
  for (const file of files) {
    const clash = byName.get(apiName(file))
    if (clash) throw fail(`two files define the API '${apiName(file)}': ${basename(clash)} and ${basename(file)}`)
    byName.set(apiName(file), file)
  }
  return files
}

function apiName(file: string): string {
  return basename(file, extname(file))
}

/** The file holding the API's prepared form, when one is kept (macaron prepare names it); else undefined. */
export function preparedFormOf(api: LoadedApi): string | undefined {
  const sources = (api as unknown as Record<symbol, SourceSet | undefined>)[SOURCES]
  if (sources === undefined) return undefined
  const { path } = preparedEntry(api.file, sources.digest())
  return existsSync(path) ? path : undefined
}

/** The lists of an API loaded from its prepared form, or undefined. */
export function preparedIndex(api: LoadedApi): PreparedIndex | undefined {
  return (api as { [PREPARED_INDEX]?: PreparedIndex })[PREPARED_INDEX]
}

export interface LoadOptions {
  /**
   * Write a large document's prepared form on this load if it passes, rather than on its
   * second start (`macaron prepare`, run where the forms are kept: an image's build).
   */
  prepare?: boolean
}

/** Reads, bundles, validates and upgrades one API; any problem is a SpecError naming file and line. */
export async function loadApi(file: string, options: LoadOptions = {}): Promise<LoadedApi> {
  const path = resolve(file)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new SpecError([{ severity: 'error', file: path, message: code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code})` }])
  }
  const sources = new SourceSet(path)
  const large = bytes.length >= PREPARED_MIN_BYTES
  if (large) {
    sources.add(unparsed(path, bytes))
    const prepared = readPrepared(path, sources.digest())
    if (prepared !== undefined) return loadedApi(path, prepared, sources, prepared.index)
  }
  const parsed = parse(path, bytes)
  sources.add(parsed)
  const checked = preflight(sources, parsed.value)
  if ('problems' in checked) throw new SpecError(checked.problems)
  const bundled = await bundle(sources, checked.forParser)
  // A large document is prepared on its second start, not its first: a process whose temp
  // folder starts empty every time (a container's) would pay for writing on every start.
  // `macaron prepare` asks for it at once, where the folder is kept (an image's build).
  const prepare = large && sources.files.size === 1 && (options.prepare === true || passedBefore(sources.digest(), checked.version))
  const problems = tidy(await validateBundled(sources, bundled, checked.version))
  if (problems.some((p) => p.severity === 'error')) throw new SpecError(problems)
  // A document bundled from its own file alone, and a tree, is upgraded in place rather than
  // copied (a 20 MB document is a few hundred MB of objects, which the GC would copy too);
  // its text is parsed again if the document as written is asked for (/doc/<api>.yaml, lint).
  const inPlace = bundled === checked.forParser && parsed.tree === true
  const document = upgradeTo31(bundled, checked.version, { inPlace })
  if (inPlace) sources.release(path)
  const prepared = { version: checked.version, document, warnings: problems }
  // Self-contained (no other file was read) and started before: prepared for the next start.
  if (prepare) writePrepared(path, sources.digest(), prepared, { json: parsed.json === true })
  return loadedApi(path, prepared, sources)
}

function loadedApi(path: string, prepared: Prepared, sources: SourceSet, index?: PreparedIndex): LoadedApi {
  const api: LoadedApi = {
    name: apiName(path),
    file: path,
    sourceVersion: prepared.version,
    document: prepared.document,
    // The document as written: upgraded in place or never parsed, it is parsed again if asked.
    get original() {
      return sources.get(path)?.value as JsonObject
    },
    // Decoded from the bytes read only if asked (lint): a JSON document is parsed from its bytes.
    get source() {
      return sources.get(path)!.text
    },
  }
  if (prepared.warnings.length > 0) api.warnings = prepared.warnings
  Object.defineProperty(api, SOURCES, { value: sources })
  if (index !== undefined) Object.defineProperty(api, PREPARED_INDEX, { value: index })
  return api
}

function parse(file: string, bytes: Buffer): SourceDocument {
  try {
    return parseSource(file, bytes)
  } catch (err) {
    if (!(err instanceof SourceSyntaxError)) throw err
    throw new SpecError([{ severity: 'error', file, line: err.line, column: err.column, message: err.problem }])
  }
}
