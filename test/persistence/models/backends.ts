// The backends the model-level tests run on: memory and SQLite always; DynamoDB at the
// endpoint MACARON_TEST_DYNAMODB_ENDPOINT names, else through the harness
// (test/support/dynamodb-local.ts), which starts DynamoDB Local itself.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface Backend {
  name: 'memory' | 'sqlite' | 'dynamodb'
  /** The `persistence` section of macaron.yaml that reaches this backend. */
  persistence: () => Promise<Record<string, unknown>>
  stop?: () => Promise<void>
}

const root = resolve(import.meta.dirname, '../../..')

export function availableBackends(): Backend[] {
  const out: Backend[] = [{ name: 'memory', persistence: async () => ({ backend: 'memory' }) }]
  if (existsSync(join(root, 'src/persistence/adapters/sqlite.ts'))) {
    out.push({ name: 'sqlite', persistence: async () => ({ backend: 'sqlite', create_tables: true, sqlite: { file: join(mkdtempSync(join(tmpdir(), 'macaron-models-')), 'test.db') } }) })
  }
  const endpoint = process.env.MACARON_TEST_DYNAMODB_ENDPOINT
  if (endpoint) out.push({ name: 'dynamodb', persistence: async () => dynamoSettings(endpoint) })
  else if (existsSync(join(root, 'test/support/dynamodb-local.ts'))) out.push(dynamodb())
  return out
}

let runs = 0

/** Each app gets tables of its own (a fresh prefix), so runs never see each other's items. */
function dynamoSettings(endpoint: string): Record<string, unknown> {
  return { backend: 'dynamodb', create_tables: true, table_prefix: `m${Date.now().toString(36)}${++runs}_`, dynamodb: { endpoint, region: 'us-east-1' } }
}

function dynamodb(): Backend {
  let stop: (() => Promise<void>) | undefined
  return {
    name: 'dynamodb',
    async persistence() {
      const harness = (await import(join(root, 'test/support/dynamodb-local.ts'))) as { startDynamoDbLocal: () => Promise<{ endpoint: string; stop: () => Promise<void> }> }
      const local = await harness.startDynamoDbLocal()
      stop = local.stop
      return dynamoSettings(local.endpoint)
    },
    stop: async () => stop?.(),
  }
}
