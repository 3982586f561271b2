import { closeSync, fstatSync, openSync, readdirSync, readSync, renameSync, rmSync, writevSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { jsonFromBytes } from '../util/json-bytes.js'
import { CHECKED_SPECS_FOLDER, makePrivateFolder, preparedEntry, privateFolder } from './checked-cache.js'
import { isObject, operationsOf } from './operations-of.js'
import type { JsonObject, SourceVersion, SpecProblem } from './types.js'

/**
 * A large document, on its second start (load.ts), is kept in a prepared form: upgraded to
 * 3.1, checked, its warnings found, and written so that later starts read what they need
 * and no more.
 *
 * Loading Microsoft Graph's beta (46 MB) means parsing it whole (0.4 s, and as much again in
 * garbage collection while the young objects are copied), then upgrading it (0.2 s), while
 * a start uses little of it: the path and method of every operation, its id and security,
 * and the few parts the first requests reach. The prepared form is a line naming its format
 * and the length of the header, the header (one line of JSON: the skeleton and the lists
 * below), then the bytes of the parts set aside, read from the file when first read:
 *
 * - each path item (of `paths` and `webhooks`) and each entry of a `components` section is
 *   set aside when its JSON is longer than SET_ASIDE_CHARS, and stands in the skeleton as a
 *   placeholder string (a NUL character, its offset and length); a string of the document
 *   that begins with NUL there gets a second one, so that it is never taken for one;
 * - every operation is listed with its path, method, place, and the members a start reads
 *   of it (LISTED_MEMBERS), and every component schema set aside with those a start reads
 *   of it (LISTED_SCHEMA_MEMBERS).
 *
 * Read back, the skeleton's placeholders become properties that parse their part on first
 * read and then hold the value: the document is the same value as the one loaded (a test
 * compares them member by member), parsed only where it is read. Start-up builds the
 * operations and the models from the lists (collectOperations, buildModels), so it reads no
 * path item and no plain schema.
 *
 * Kept only for a document of one file (its `$ref`s inside it) of PREPARED_MIN_BYTES or
 * more that loaded without errors, named by the digest of its bytes and the code that
 * made it (checked-cache.ts). Anything unexpected in the file (cut short, another format)
 * is taken as no prepared form: the document is loaded from its source and prepared again.
 */
export const PREPARED_MIN_BYTES = 1 << 20
/** Shorter parts stay in the skeleton: a placeholder and a property that parses would cost more. */
const SET_ASIDE_CHARS = 256
const NUL = '\u0000'
const FORMAT = 1

export interface Prepared {
  version: SourceVersion
  /** OpenAPI 3.1, as upgradeTo31 gave it. */
  document: JsonObject
  /** What the checks found that does not stop a start. */
  warnings: SpecProblem[]
}

/**
 * What start-up reads of every operation (pipeline/operations.ts, bind.ts, security/stage.ts):
 * listed with it, so that no path item is parsed to start. Anything else is read from the
 * document, which parses the operation's path item then.
 */
export const LISTED_MEMBERS = ['operationId', 'security', 'x-bind-server', 'x-decorate-server'] as const

/**
 * What start-up reads of every component schema (models/build.ts, persistence/setup.ts):
 * listed for each schema set aside, so that a plain one's model is made without parsing it.
 */
export const LISTED_SCHEMA_MEMBERS = ['$ref', 'x-persist'] as const

/** What a prepared document lists, so that start-up need not parse what it lists from. */
export interface PreparedIndex {
  operations: IndexedOperation[]
  /** The component schemas set aside, by name, with their LISTED_SCHEMA_MEMBERS that they have. */
  schemas: Map<string, JsonObject>
}

/** An operation of a prepared document, listed without reading its path item. */
export interface IndexedOperation {
  path: string
  method: string
  /** Where the operation is in the document (a path item may be a `$ref`). */
  tokens: string[]
  /** Its LISTED_MEMBERS that it has. */
  listed: JsonObject
}

interface Header extends Omit<Prepared, 'document'> {
  skeleton: JsonObject
  /** Tokens are left out (null) where they are the usual ['paths', path, method]. */
  operations: Array<[path: string, method: string, listed: JsonObject, tokens: string[] | null]>
  schemas: Array<[name: string, listed: JsonObject]>
}

/** The prepared form of `file` whose bytes have `digest`, or undefined. */
export function readPrepared(file: string, digest: string): (Prepared & { index: PreparedIndex }) | undefined {
  let fd: number
  try {
    if (!privateFolder()) return undefined
    fd = openSync(preparedEntry(file, digest).path, 'r')
  } catch {
    return undefined
  }
  try {
    const stat = fstatSync(fd)
    if (process.getuid !== undefined && stat.uid !== process.getuid()) throw new Error('another owner')
    const size = stat.size
    const prefix = readAt(fd, 0, Math.min(size, 64))
    const line = /^macaron-prepared (\d+) (\d+)\n/.exec(prefix.toString('latin1'))
    if (line?.[1] !== String(FORMAT)) throw new Error('another format')
    const headerEnd = line[0].length + Number(line[2])
    if (headerEnd > size) throw new Error('cut short')
    const header = valueOf(readAt(fd, line[0].length, Number(line[2]))) as Header
    const parts: Parts = { fd, base: headerEnd, size: size - headerEnd, reads: 0 }
    const document = header.skeleton
    forEachPart(document, (holder, key, value) => {
      if (typeof value !== 'string' || !value.startsWith(NUL)) return
      if (value.startsWith(NUL, 1)) holder[key] = value.slice(1)
      else setAsideProperty(holder, key, parts, value)
    })
    const operations = header.operations.map(([path, method, listed, tokens]) => ({ path, method, listed, tokens: tokens ?? ['paths', path, method] }))
    const index = { operations, schemas: new Map(header.schemas) }
    // Closed once no property is left that would read from it (each holds `parts`). Last:
    // a file closed below must not be closed again by number, which may have been reused.
    CLOSE_WHEN_UNREAD.register(parts, fd)
    return { version: header.version, warnings: header.warnings, document, index }
  } catch {
    closeSync(fd)
    return undefined
  }
}

/**
 * Where the parts set aside are: read from the open file when first read, not with the
 * skeleton (graph-beta's are 44 MB that a start does not need). The file is replaced by
 * renaming, never rewritten, so the open file keeps the bytes it was opened with.
 */
interface Parts {
  fd: number
  base: number
  size: number
  /** Parts read so far: past READS_BEFORE_ALL, all of them are read at once and kept. */
  reads: number
  all?: Buffer
}

/**
 * Something that reads the whole document (/openapi.json, compileAll, lint) would make one
 * read per part (graph-beta has 50,000): 1.5 s against 0.4 s for reading them all at once.
 */
const READS_BEFORE_ALL = 256

function partBytes(parts: Parts, start: number, length: number): Buffer {
  if (parts.all === undefined && ++parts.reads > READS_BEFORE_ALL) parts.all = readAt(parts.fd, parts.base, parts.size)
  return parts.all !== undefined ? parts.all.subarray(start, start + length) : readAt(parts.fd, parts.base + start, length)
}

const CLOSE_WHEN_UNREAD = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd)
  } catch {
    // already closed
  }
})

function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length)
  const read = readSync(fd, bytes, 0, length, position)
  if (read !== length) throw new Error(`the prepared form ended ${length - read} bytes early`)
  return bytes
}

/**
 * Writes the prepared form of a document just loaded from `file`, replacing the file's
 * older ones. A folder that cannot be written costs the next start its preparing, nothing else.
 */
export function writePrepared(file: string, digest: string, prepared: Prepared, options: { json: boolean }): void {
  if (!makePrivateFolder()) return
  // A YAML document may hold numbers JSON cannot write (.inf, .nan): such a one is not kept.
  const write = options.json ? (value: unknown) => JSON.stringify(value) : (value: unknown) => JSON.stringify(value, finiteOnly)
  const parts: Buffer[] = []
  let offset = 0
  const skeleton = { ...prepared.document }
  const schemas: Header['schemas'] = []
  try {
    // The objects forEachPart visits are copied: setting parts aside leaves the document alone.
    for (const key of ['paths', 'webhooks', 'components']) if (Object.hasOwn(skeleton, key)) skeleton[key] = copiedMapping(skeleton[key])
    const components = skeleton.components
    if (isMapping(components)) for (const section of Object.keys(components)) components[section] = copiedMapping(components[section])
    forEachPart(skeleton, (holder, key, value, section) => {
      if (typeof value === 'string' && value.startsWith(NUL)) {
        holder[key] = NUL + value
        return
      }
      const text = write(value)
      if (text === undefined || text.length <= SET_ASIDE_CHARS) return
      if (section === 'schemas') schemas.push([key, listed(value, LISTED_SCHEMA_MEMBERS)])
      const part = Buffer.from(text)
      holder[key] = `${NUL}${offset.toString(36)}:${part.length.toString(36)}`
      parts.push(part)
      offset += part.length
    })
    const header: Header = {
      version: prepared.version,
      warnings: prepared.warnings,
      operations: operationsOf(prepared.document).map(({ path, method, tokens, operation }) => {
        const usual = tokens.length === 3 && tokens[0] === 'paths' && tokens[1] === path && tokens[2] === method
        return [path, method, listed(operation, LISTED_MEMBERS), usual ? null : tokens]
      }),
      schemas,
      skeleton,
    }
    const { path, prefix } = preparedEntry(file, digest)
    const temp = `${path}.${process.pid}.tmp`
    const head = Buffer.from(write(header))
    writeAll(temp, [Buffer.from(`macaron-prepared ${FORMAT} ${head.length}\n`), head, ...parts])
    // Renamed into place: a start that reads it meanwhile sees all of it or nothing.
    renameSync(temp, path)
    for (const name of readdirSync(CHECKED_SPECS_FOLDER)) {
      if (name.startsWith(prefix) && join(CHECKED_SPECS_FOLDER, name) !== path && !name.endsWith('.tmp')) rmSync(join(CHECKED_SPECS_FOLDER, name), { force: true })
    }
  } catch {
    // not writable, full, or a value JSON cannot hold: the next start loads from the source
  }
}

/** Writes the buffers as they are (concatenating graph-beta's 51 MB into one first cost 0.07 s). */
function writeAll(file: string, buffers: Buffer[]): void {
  const fd = openSync(file, 'w')
  try {
    // writev takes at most IOV_MAX (1,024 on Linux) buffers a call, and may write fewer bytes than given.
    for (let i = 0; i < buffers.length; ) {
      const batch = buffers.slice(i, i + 1024)
      let written = writevSync(fd, batch)
      i += batch.length
      for (const bytes of batch) {
        if (written >= bytes.length) written -= bytes.length
        else {
          for (let done = written; done < bytes.length; ) done += writeSync(fd, bytes, done)
          written = 0
        }
      }
    }
  } finally {
    closeSync(fd)
  }
}

/** The members of `value` among `names` that it has. */
function listed(value: unknown, names: readonly string[]): JsonObject {
  const out: JsonObject = {}
  if (isObject(value)) for (const name of names) if (Object.hasOwn(value, name)) out[name] = value[name]
  return out
}

/**
 * Calls `visit` on every place a part may be set aside: path items, and entries of
 * component sections (`section` names the section).
 */
function forEachPart(document: JsonObject, visit: (holder: JsonObject, key: string, value: unknown, section?: string) => void): void {
  for (const key of ['paths', 'webhooks']) {
    const items = document[key]
    if (isMapping(items)) for (const name of Object.keys(items)) visit(items, name, items[name])
  }
  const components = document.components
  if (!isMapping(components)) return
  for (const [name, section] of Object.entries(components)) {
    if (isMapping(section)) for (const key of Object.keys(section)) visit(section, key, section[key], name)
  }
}

/** An object that is not an array: where forEachPart looks for parts. */
function isMapping(value: unknown): value is JsonObject {
  return isObject(value) && !Array.isArray(value)
}

/** A shallow copy of a mapping; anything else (absent, an array) as it is. */
function copiedMapping(value: unknown): unknown {
  return isMapping(value) ? { ...value } : value
}

/** A property that parses its part on first read, then holds the value (and can be set like any other). */
function setAsideProperty(holder: JsonObject, key: string, parts: Parts, placeholder: string): void {
  const colon = placeholder.indexOf(':')
  const start = parseInt(placeholder.slice(1, colon), 36)
  const length = parseInt(placeholder.slice(colon + 1), 36)
  if (!(start >= 0 && length > 0 && start + length <= parts.size)) throw new Error('a part outside the file')
  const hold = (value: unknown) => Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true })
  Object.defineProperty(holder, key, {
    get() {
      const value = valueOf(partBytes(parts, start, length))
      hold(value)
      return value
    },
    set: hold,
    enumerable: true,
    configurable: true,
  })
}

/** JSON.stringify writes `\\` before a non-ASCII character as it is, which jsonFromBytes leaves to the text. */
function valueOf(bytes: Buffer): unknown {
  return jsonFromBytes(bytes) ?? JSON.parse(bytes.toString('utf8'))
}

function finiteOnly(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not a JSON number')
  return value
}
