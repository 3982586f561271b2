import { existsSync } from 'node:fs'
import { relative } from 'node:path'
import { loadConfig } from '../../config/load.js'
import type { MacaronConfig } from '../../config/schema.js'
import { outputDir, planTypes, typesAreStale, writeTypes } from '../../generate/index.js'
import { describeStartupError } from '../startup-error.js'

export interface GenerateOptions {
  check?: boolean
  out?: string
  env?: string
}

/**
 * `macaron generate`: the TypeScript of every API into generate.out (or --out).
 * With --check nothing is written: exit 1 and name the stale files (for CI).
 */
export async function generateCommand(dir: string, options: GenerateOptions): Promise<number> {
  const say = (line: string) => process.stdout.write(line + '\n')
  try {
    const config = loadConfig(dir, { ...(options.env ? { env: options.env } : {}), ...(options.out ? { overrides: { generate: { out: options.out } } } : {}) })
    const files = await planTypes(config)
    const stale = files.filter((f) => f.changed).map((f) => relative(process.cwd(), f.path))
    if (options.check) {
      if (stale.length === 0) say(`types are up to date (${files.length} file(s))`)
      else say(`stale generated types (run macaron generate): ${stale.join(', ')}`)
      return stale.length === 0 ? 0 : 1
    }
    writeTypes(files)
    say(stale.length === 0 ? `types are up to date (${files.length} file(s))` : `wrote ${stale.join(', ')}`)
    return 0
  } catch (error) {
    process.stderr.write(describeStartupError(error) + '\n')
    return 1
  }
}

/**
 * Before `start` and `dev`: regenerate when a spec is newer than the generated files. `start`
 * does it only for projects that have the folder (a project without typed handlers, or a
 * read-only container, is left alone); a failure is a warning, never a reason not to serve.
 * Config errors are left for start-up to report.
 */
export async function regenerateBeforeStart(dir: string, options: { env?: string; overrides: Record<string, unknown>; create: boolean }): Promise<void> {
  let config: MacaronConfig
  try {
    config = loadConfig(dir, { overrides: options.overrides, ...(options.env ? { env: options.env } : {}) })
  } catch {
    return
  }
  try {
    if (!options.create && !existsSync(outputDir(config))) return
    if (!typesAreStale(config)) return
    const written = writeTypes(await planTypes(config))
    if (written.length > 0) process.stderr.write(`macaron: regenerated ${written.map((f) => relative(process.cwd(), f.path)).join(', ')}\n`)
  } catch (error) {
    process.stderr.write(`macaron: could not regenerate the types: ${error instanceof Error ? error.message : String(error)}\n`)
  }
}
