import type SwaggerParser from '@apidevtools/swagger-parser'
import { parseSource, SourceSyntaxError } from '../util/yaml-source.js'
import { passedBefore, rememberPassed } from './checked-cache.js'
import { internalRefProblems, pointsAtNothing } from './internal-refs.js'
import { displayPath, SpecError } from './problems.js'
import { fileOfSource, refOf, resolveRef, valueAt, type SourceSet } from './sources.js'
import type { JsonObject, SpecProblem } from './types.js'

/**
 * Pulls every external $ref into one document with internal refs only (swagger-parser's
 * bundle). Referenced files are parsed with parseSource, so that a syntax error names its
 * line and later problems can be traced into the file they come from.
 */
export async function bundle(sources: SourceSet, entry: JsonObject): Promise<JsonObject> {
  // The entry file alone (nothing else read yet): the same bytes passed before, so they still do.
  const digest = sources.digest()
  if (passedBefore(digest, 'refs')) return entry
  const internal = internalRefProblems(sources, entry)
  if (internal !== undefined) {
    if (internal.length > 0) throw new SpecError(internal)
    rememberPassed(digest, 'refs')
    return entry
  }
  const syntaxErrors = new Map<string, SourceSyntaxError>()
  const yaml = {
    name: 'macaron-yaml',
    order: 1,
    canParse: /\.(ya?ml|json)$/i,
    parse(file: { url: string; data: unknown }) {
      const path = fileOfSource(file.url)
      try {
        const doc = parseSource(path, Buffer.isBuffer(file.data) ? file.data : String(file.data))
        sources.add(doc)
        // The bundler rewrites what it is given; the source set keeps the text's own values.
        return structuredClone(doc.value)
      } catch (err) {
        if (err instanceof SourceSyntaxError) syntaxErrors.set(path, err)
        throw err
      }
    },
  }
  const options = {
    continueOnError: true,
    parse: { yaml, json: false, text: true, binary: true },
    // A service must start from what is on disk: remote refs would make start-up depend on the network.
    resolve: { http: false, external: true },
  } as unknown as SwaggerParser.Options
  try {
    // Imported when a document has external refs: most never need the bundler.
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser')
    const parser = new SwaggerParser()
    return (await parser.bundle(sources.entry, structuredClone(entry) as never, options)) as JsonObject
  } catch (err) {
    throw new SpecError(bundleProblems(sources, err, syntaxErrors))
  }
}

interface RefParserError {
  name?: string
  code?: string
  message: string
  source?: string
  path?: Array<string | number> | null
  targetToken?: string
  targetRef?: string
  targetFound?: string
}

function bundleProblems(sources: SourceSet, err: unknown, syntax: Map<string, SourceSyntaxError>): SpecProblem[] {
  const group = (err as { errors?: RefParserError[] }).errors
  const errors: RefParserError[] = Array.isArray(group) ? group : [err as RefParserError]
  return errors.map((e) => {
    // A missing pointer's path runs from the entry document (through any $refs), whatever its
    // `source` says (that is the target file); the other errors' paths run from `source`.
    const from = e.code === 'EMISSINGPOINTER' || !e.source ? sources.entry : fileOfSource(e.source)
    const place = sources.trace(e.path ?? [], from)
    const ref = refOf(valueAt(sources.get(place.file)?.value, place.tokens)) ?? String(e.targetRef ?? '?')
    switch (e.code) {
      case 'EMISSINGPOINTER': {
        const target = resolveRef(place.file, ref)
        const found = (e.targetFound ?? '#').replace(/^[^#]*#\/?/, '')
        const inFile = target.file === place.file ? '' : ` in ${displayPath(target.file)}`
        const holder = found === '' ? displayPath(target.file) : `${found.replace(/\//g, '.')}${inFile}`
        return sources.problem('error', place, pointsAtNothing(ref, holder, e.targetToken))
      }
      case 'ERESOLVER':
      case 'EUNMATCHEDRESOLVER':
        return sources.problem('error', place, refFileMessage(ref, place.file, e.message))
      case 'EPARSER':
      case 'EUNMATCHEDPARSER': {
        const bad = [...syntax.values()].find((s) => e.message.includes(s.file) || e.source?.includes(s.file))
        if (bad) return { severity: 'error', file: bad.file, line: bad.line, column: bad.column, message: bad.problem }
        return sources.problem('error', place, `$ref '${ref}' names a file that cannot be parsed: ${e.message}`)
      }
      default:
        return sources.problem('error', place, e.message)
    }
  })
}

function refFileMessage(ref: string, from: string, message: string): string {
  if (/ENOENT/.test(message)) {
    return `$ref '${ref}' points to a file that does not exist: ${displayPath(resolveRef(from, ref).file)}`
  }
  if (/^https?:/i.test(ref)) return `$ref '${ref}' is remote; only files on disk can be referenced`
  return `$ref '${ref}' cannot be read: ${message}`
}
