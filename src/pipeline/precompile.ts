import type { LoadedApi } from '../spec/types.js'
import { compileInput } from './input.js'
import type { Operation } from './operations.js'
import { compileOutput } from './output.js'
import { SchemaCompileError } from './routes.js'
import { SchemaStore } from './schema-store.js'

/**
 * Compiles every operation's request and response stages as a served app would on first
 * request, and returns one message per operation whose schemas Ajv or the serialiser
 * refuse: how `macaron lint` reports them before any request does.
 */
export function schemaProblems(apis: LoadedApi[], operations: Operation[]): string[] {
  const store = new SchemaStore()
  for (const api of apis) store.addApi(api.name, api.document)
  const problems: string[] = []
  for (const op of operations) {
    try {
      compileInput(op, store)
      compileOutput(op, store, { validate: true })
    } catch (error) {
      problems.push(`${op.operationId}: ${new SchemaCompileError(op, error).message}`)
    }
  }
  return problems
}
