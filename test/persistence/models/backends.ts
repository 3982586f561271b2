// The backends the model-level tests run on: memory, SQLite and DynamoDB (DynamoDB Local,
// started by test/support/dynamodb-local.ts, which fails saying so where Java is missing;
// or the endpoint MACARON_TEST_DYNAMODB_ENDPOINT names, to reuse a running one).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sharedDynamoDbLocal } from '../../support/dynamodb-local.js'

export interface Backend {
  name: 'memory' | 'sqlite' | 'dynamodb'
  /** The `persistence` section of macaron.yaml that reaches this backend (fresh tables each call). */
  persistence: () => Promise<Record<string, unknown>>
}

export function availableBackends(): Backend[] {
  return [
    { name: 'memory', persistence: async () => ({ backend: 'memory' }) },
    { name: 'sqlite', persistence: async () => ({ backend: 'sqlite', create_tables: true, sqlite: { file: join(mkdtempSync(join(tmpdir(), 'macaron-models-')), 'test.db') } }) },
    {
      name: 'dynamodb',
      // One DynamoDB Local per test file; it stops when the file's process ends.
      persistence: async () => dynamoSettings(process.env.MACARON_TEST_DYNAMODB_ENDPOINT ?? (await sharedDynamoDbLocal()).endpoint),
    },
  ]
}

let runs = 0

/** Each app gets tables of its own (a fresh prefix), so runs never see each other's items. */
function dynamoSettings(endpoint: string): Record<string, unknown> {
  // DynamoDB Local takes any credentials; the SDK only needs some, from its usual variables.
  process.env.AWS_ACCESS_KEY_ID ??= 'local'
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local'
  return { backend: 'dynamodb', create_tables: true, table_prefix: `m${Date.now().toString(36)}${++runs}_`, dynamodb: { endpoint, region: 'us-east-1' } }
}
