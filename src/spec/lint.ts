import { basename } from 'node:path'
import { parseSource } from '../util/yaml-source.js'
import { meantExtension } from './extensions.js'
import { SOURCES } from './load.js'
import { operationsOf } from './operations-of.js'
import { tidy } from './problems.js'
import { SourceSet } from './sources.js'
import { walkSpec } from './spec-walk.js'
import { persistProblems } from '../persistence/lint.js'
import type { LintOptions, LoadedApi, SpecProblem } from './types.js'

/**
 * Warnings about APIs that load but are probably not what was meant: operations that cannot be
 * told apart or reached by operationId, operations no handler serves, and misspelt Macaron
 * extensions (which would otherwise be ignored without a word).
 */
export function lintApis(apis: LoadedApi[], options: LintOptions = {}): SpecProblem[] {
  const warnings: SpecProblem[] = []
  const firstUse = new Map<string, { api: LoadedApi; method: string; path: string; line?: number }>()
  for (const api of apis) {
    const sources = sourcesOf(api)
    warnings.push(...(api.warnings ?? []))
    for (const { path, method, operation, tokens } of operationsOf(api.document)) {
      const place = sources.trace(tokens)
      const where = `${method.toUpperCase()} ${path}`
      const warn = (message: string) => warnings.push(sources.problem('warning', place, message))
      const id = typeof operation.operationId === 'string' ? operation.operationId : undefined
      if (id === undefined) {
        warn(`${where} has no operationId: handlers, clients and logs refer to operations by it`)
      } else {
        const first = firstUse.get(id)
        if (first) {
          const at = `${first.method.toUpperCase()} ${first.path} in ${basename(first.api.file)}${first.line ? `:${first.line}` : ''}`
          warn(`${where} reuses operationId '${id}' of ${at}`)
        } else {
          firstUse.set(id, { api, method, path, ...(place.line ? { line: place.line } : {}) })
        }
      }
      if (options.isBound && !options.isBound(id, method, path)) {
        warn(`${where} is bound to no handler (x-bind-server, or an exported ${id ?? 'function'}): it answers 501`)
      }
    }
    warnings.push(...extensionWarnings(api, sources))
    // x-persist mistakes stop start-up; lint reports them at the schema, with the others.
    for (const p of persistProblems(api)) warnings.push(sources.problem('error', sources.trace(['components', 'schemas', p.schema, p.extension]), p.message))
  }
  return tidy(warnings)
}

/** Looks through every file the API was read from, where the user typed the extension. */
function extensionWarnings(api: LoadedApi, sources: SourceSet): SpecProblem[] {
  const warnings: SpecProblem[] = []
  const files = sources.files.size > 0 ? [...sources.files.keys()] : [api.file]
  for (const file of files) {
    const root = sources.get(file)?.value
    const paths = new Map<object, string[]>([[root as object, []]])
    // walkSpec visits parents first, so each object's path is known before its children are seen.
    walkSpec(root, (obj, isNameMap) => {
      const at = paths.get(obj) ?? []
      for (const [key, value] of Object.entries(obj)) {
        if (value !== null && typeof value === 'object') paths.set(value, [...at, key])
        // In a name map the keys are the user's names (a property may be called x-persist).
        const meant = isNameMap ? undefined : meantExtension(key)
        if (!meant) continue
        const place = sources.trace([...at, key], file)
        warnings.push(sources.problem('warning', place, `unknown extension '${key}': did you mean '${meant}'?`))
      }
    })
  }
  return warnings
}

const made = new WeakMap<LoadedApi, SourceSet>()

/** The files as loadApi read them; for an API built by hand, its entry source alone. */
export function sourcesOf(api: LoadedApi): SourceSet {
  const kept = (api as unknown as Record<symbol, SourceSet | undefined>)[SOURCES]
  if (kept) return kept
  let sources = made.get(api)
  if (!sources) {
    sources = new SourceSet(api.file)
    sources.add(parseSource(api.file, api.source))
    made.set(api, sources)
  }
  return sources
}
