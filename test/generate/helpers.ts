import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import ts from 'typescript'

export const root = new URL('../../', import.meta.url).pathname

/** Runs the CLI from the checkout (sources through tsx, as `bin/macaron.js` does). */
export function macaron(...args: string[]): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(root, 'bin/macaron.js'), ...args], { cwd: root, encoding: 'utf8' })
  return { code: run.status, output: run.stdout + run.stderr }
}

/** tsc's errors for these files, with 'macaron' resolved to the sources wherever the files are. */
export function typeErrors(files: string[]): string[] {
  const read = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
  const options = ts.parseJsonConfigFileContent(read.config, ts.sys, root).options
  const { rootDir: _, ...rest } = options
  const program = ts.createProgram(files, { ...rest, noEmit: true, baseUrl: root, paths: { macaron: ['src/index.ts'] } })
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)
}
