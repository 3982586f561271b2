import { isAbsolute, resolve } from 'node:path'
import type { MacaronConfig } from '../config/schema.js'
import type { PersistenceBackend } from '../config/persistence.js'

/** The persistence section with every environment-dependent default resolved. */
export interface ResolvedPersistence {
  backend: PersistenceBackend
  tablePrefix: string
  createTables: boolean
  sqliteFile: string
  dynamodb: {
    region?: string
    endpoint?: string
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  }
}

export function resolvePersistence(config: MacaronConfig): ResolvedPersistence {
  const p = config.persistence ?? { backend: 'sqlite', sqlite: {}, dynamodb: {} }
  const file = p.sqlite?.file ?? `.macaron/${config.env}.db`
  const dynamo = p.dynamodb ?? {}
  const secret = (name: string | undefined) => (name === undefined ? undefined : config.secrets[name])
  const c = dynamo.credentials
  const accessKeyId = secret(c?.access_key_id_secret)
  const secretAccessKey = secret(c?.secret_access_key_secret)
  const sessionToken = secret(c?.session_token_secret)
  return {
    backend: p.backend ?? 'sqlite',
    tablePrefix: p.table_prefix ?? `${config.env}_`,
    createTables: p.create_tables ?? config.env === 'dev',
    sqliteFile: file === ':memory:' || isAbsolute(file) ? file : resolve(config.dir, file),
    dynamodb: {
      ...(dynamo.region ? { region: dynamo.region } : {}),
      ...(dynamo.endpoint ? { endpoint: dynamo.endpoint } : {}),
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
    },
  }
}
