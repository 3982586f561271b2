import { resolve } from 'node:path'
import { loadConfig } from '../../config/load.js'
import { servesApi } from '../../config/clients.js'
import { bindHandlers } from '../../pipeline/bind.js'
import { collectOperations } from '../../pipeline/operations.js'
import { schemaProblems } from '../../pipeline/precompile.js'
import { formatProblem, lintApis, loadApis, SpecError } from '../../spec/index.js'
import { describeStartupError } from '../startup-error.js'

/**
 * `macaron lint`: the errors that would stop start-up, with file and line, then warnings
 * (duplicate operationIds, unbound operations, misspelt extensions of ours).
 * Exit 1 on errors, and on warnings with --strict.
 */
export async function lintCommand(dir: string, options: { strict?: boolean; env?: string }): Promise<number> {
  const out = (line: string) => process.stdout.write(line + '\n')
  try {
    const config = loadConfig(dir, options.env ? { env: options.env } : {})
    const apis = await loadApis(resolve(config.dir, config.apis))
    // APIs the service only calls are not bound (their x-bind-server names the other service's code).
    const operations = apis.filter((api) => servesApi(config, api.name)).flatMap(collectOperations)
    const { unbound, problems } = await bindHandlers(operations, { dir: config.dir, handlersDir: config.handlers })
    // Routes compile their schemas on first request; lint compiles them all now.
    problems.push(...schemaProblems(apis, operations))
    for (const problem of problems) out(`error: ${problem}`)
    const unboundKeys = new Set(unbound.map((op) => `${op.method} ${op.path}`))
    const warnings = lintApis(apis, { isBound: (_id, method, path) => !unboundKeys.has(`${method.toUpperCase()} ${path}`) })
    for (const w of warnings) out(formatProblem(w))
    const errors = warnings.filter((w) => w.severity === 'error').length + problems.length
    const warningCount = warnings.filter((w) => w.severity !== 'error').length
    out(`${apis.length} API(s), ${operations.length} operation(s): ${errors} error(s), ${warningCount} warning(s)`)
    return errors > 0 || (options.strict && warnings.length > 0) ? 1 : 0
  } catch (error) {
    if (error instanceof SpecError) {
      for (const p of error.problems) out(formatProblem(p))
      out(`${error.problems.filter((p) => p.severity === 'error').length} error(s)`)
      return 1
    }
    out(describeStartupError(error))
    return 1
  }
}
