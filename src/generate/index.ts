import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { MacaronConfig } from '../config/schema.js'
import { loadApis } from '../spec/index.js'
import type { LoadedApi } from '../spec/types.js'
import { GENERATED_MARK, renderApi, renderIndex } from './emit.js'

export { renderApi, renderIndex } from './emit.js'

export interface GeneratedFile {
  /** Absolute path. */
  path: string
  content: string
  /** Whether the file on disk differs (or is missing). */
  changed: boolean
}

/** The output folder of a project: `generate.out` in its config, relative to the project. */
export function outputDir(config: MacaronConfig): string {
  return resolve(config.dir, config.generate.out)
}

/** Computes every file `macaron generate` would write (plan), without writing any. */
export async function planTypes(config: MacaronConfig, apis?: LoadedApi[]): Promise<GeneratedFile[]> {
  const out = outputDir(config)
  const loaded = apis ?? (await loadApis(resolve(config.dir, config.apis)))
  const files: Array<{ path: string; content: string }> = []
  for (const api of loaded) files.push({ path: join(out, `${api.name}.ts`), content: await renderApi(api, relative(config.dir, api.file)) })
  files.push({ path: join(out, 'index.ts'), content: renderIndex(loaded.map((a) => a.name)) })
  return files.map((f) => ({ ...f, changed: read(f.path) !== f.content }))
}

/** Writes the changed files (apply); refuses to overwrite a file that is not ours. */
export function writeTypes(files: GeneratedFile[]): GeneratedFile[] {
  const changed = files.filter((f) => f.changed)
  for (const file of changed) {
    const current = read(file.path)
    if (current !== undefined && !current.startsWith(GENERATED_MARK)) throw new Error(`${file.path} exists and was not written by macaron generate; not overwriting it`)
  }
  for (const file of changed) {
    mkdirSync(resolve(file.path, '..'), { recursive: true })
    writeFileSync(file.path, file.content)
  }
  return changed
}

/**
 * Cheap check for `start`: whether any file under apis/ is newer than the oldest generated
 * file, or a generated file is missing. No spec is parsed and no compiler loaded.
 */
export function typesAreStale(config: MacaronConfig): boolean {
  const out = outputDir(config)
  const index = mtime(join(out, 'index.ts'))
  if (index === undefined) return true
  const apisDir = resolve(config.dir, config.apis)
  const apiFiles = readdirSync(apisDir).filter((n) => /\.(ya?ml|json)$/i.test(n))
  const outputs = [index, ...apiFiles.map((n) => mtime(join(out, n.replace(/\.(ya?ml|json)$/i, '.ts'))))]
  if (outputs.some((t) => t === undefined)) return true
  return newest(apisDir) > Math.min(...(outputs as number[]))
}

function newest(dir: string): number {
  let latest = 0
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const stat = statSync(path)
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs)
  }
  return latest
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
