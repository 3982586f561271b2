import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadConfig } from '../../config/load.js'
import { CHECKED_SPECS_FOLDER, makePrivateFolder } from '../../spec/checked-cache.js'
import { loadApis } from '../../spec/index.js'
import { preparedFormOf } from '../../spec/load.js'
import { PREPARED_MIN_BYTES } from '../../spec/prepared.js'
import { describeStartupError } from '../startup-error.js'

/**
 * `macaron prepare`: loads every API document as a start does and keeps, in the
 * checked-specs folder, what the next start may skip: the checks each document passed and
 * the prepared form of each large one (docs/spec.md). A start prepares a large document on
 * its second run, so a container whose temp folder is new on every start never gets one;
 * run in the image's build, as the user the service runs as, this gives its first start
 * what a restart has. Exit 1, with the file, line and problem, if a document is broken.
 */
export async function prepareCommand(dir: string, options: { env?: string }): Promise<number> {
  const out = (line: string) => process.stdout.write(line + '\n')
  try {
    const config = loadConfig(dir, options.env ? { env: options.env } : {})
    if (!makePrivateFolder()) {
      out(`macaron: ${CHECKED_SPECS_FOLDER} cannot be made, or is not this user's alone (owned by another, or writable by others): nothing can be kept; set TMPDIR to a folder of your own`)
      return 1
    }
    const apis = await loadApis(resolve(config.dir, config.apis), { prepare: true })
    for (const api of apis) {
      const form = preparedFormOf(api)
      const bytes = statSync(api.file).size
      const what = form !== undefined ? `checks and prepared form kept (${form})` : bytes < PREPARED_MIN_BYTES ? 'checks kept' : 'checks kept; no prepared form (built from more than one file, or holding numbers JSON cannot write)'
      out(`${api.file} (${(bytes / 2 ** 20).toFixed(1)} MB): ${what}`)
    }
    out(`${apis.length} API(s) prepared in ${CHECKED_SPECS_FOLDER}`)
    return 0
  } catch (error) {
    out(describeStartupError(error))
    return 1
  }
}
