// The `persistence` section of macaron.yaml: which backend stores x-persist models, and how
// to reach it. Defaults that depend on the environment (table prefix, SQLite file, whether
// missing tables are created) are resolved by src/persistence/settings.ts, in one place.

const SECRET_NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } as const

export const persistenceSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    backend: { enum: ['sqlite', 'memory', 'dynamodb'], default: 'sqlite' },
    // Default: '<env>_' (dev_profiles, prod_profiles), so environments can share an account.
    table_prefix: { type: 'string', pattern: '^[A-Za-z0-9_.-]*$' },
    // Default: true in the dev environment, false elsewhere (start-up then fails naming the missing tables).
    create_tables: { type: 'boolean' },
    sqlite: {
      type: 'object',
      additionalProperties: false,
      default: {},
      // Default file: .macaron/<env>.db under the project folder; ':memory:' for a throwaway database.
      properties: { file: { type: 'string', minLength: 1 } },
    },
    dynamodb: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        // Else AWS_REGION / AWS_DEFAULT_REGION, as the AWS SDK reads them.
        region: { type: 'string', minLength: 1 },
        // DynamoDB Local or another endpoint; default: AWS's own for the region.
        endpoint: { type: 'string', pattern: '^https?://' },
        // Names of env_secrets entries holding the keys; else the SDK's chain (AWS_ACCESS_KEY_ID ..., roles).
        credentials: {
          type: 'object',
          additionalProperties: false,
          required: ['access_key_id_secret', 'secret_access_key_secret'],
          properties: { access_key_id_secret: SECRET_NAME, secret_access_key_secret: SECRET_NAME, session_token_secret: SECRET_NAME },
        },
      },
    },
  },
} as const

export type PersistenceBackend = 'sqlite' | 'memory' | 'dynamodb'

export interface PersistenceConfig {
  backend: PersistenceBackend
  table_prefix?: string
  create_tables?: boolean
  sqlite: { file?: string }
  dynamodb: {
    region?: string
    endpoint?: string
    credentials?: { access_key_id_secret: string; secret_access_key_secret: string; session_token_secret?: string }
  }
}
