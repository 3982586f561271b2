import { ConfigError } from '../config/load.js'
import { BindingError } from '../pipeline/bind.js'
import { SpecError } from '../spec/index.js'
import { SourceSyntaxError } from '../util/yaml-source.js'

/** A start-up failure as a person needs it: what is wrong and where; a stack only for bugs. */
export function describeStartupError(error: unknown): string {
  if (error instanceof SpecError || error instanceof ConfigError || error instanceof BindingError || error instanceof SourceSyntaxError) {
    return `macaron: ${error.message}`
  }
  return `macaron: start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
}
