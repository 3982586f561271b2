// The SDK clients, configured for a service that must answer: bounded connection and
// request timeouts, and the SDK's own retries (with backoff) for throttling and 5xx.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { numberFromDynamo } from './values.js'

export interface DynamoStoreOptions {
  region?: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** A client built elsewhere (its own timeouts, middleware); the other options are then ignored. */
  client?: DynamoDBClient
  /** SDK attempts per call for throttling, 5xx, timeouts and network errors (default 3). */
  maxAttempts?: number
  /**
   * Milliseconds to open a connection (default 1000) and to wait on a silent socket
   * (default 3000): with 3 attempts an unreachable DynamoDB fails within about 10 s.
   */
  connectionTimeout?: number
  requestTimeout?: number
  /** Attempts for the unprocessed part of a batch (default 8), the first delay in ms (default 50). */
  batchAttempts?: number
  batchBaseDelay?: number
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/

function isLocal(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false
  try {
    return LOOPBACK.test(new URL(endpoint).hostname)
  } catch {
    return false
  }
}

export function createClient(options: DynamoStoreOptions): DynamoDBClient {
  if (options.client !== undefined) return options.client
  // The SDK warns once per process that its 2027 releases need Node 22; on Node 20 that
  // warning lands in every service's output. Its documented switch turns off that warning
  // only; a user who sets the variable to anything keeps their choice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const local = isLocal(options.endpoint)
  const envCredentials = process.env.AWS_ACCESS_KEY_ID !== undefined || process.env.AWS_PROFILE !== undefined
  return new DynamoDBClient({
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    // DynamoDB Local accepts any region and credentials; without these the SDK would probe
    // the EC2 metadata service for seconds before failing.
    ...(options.region !== undefined ? { region: options.region } : local && process.env.AWS_REGION === undefined ? { region: 'us-east-1' } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : local && !envCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    // Without throwOnRequestTimeout this SDK only logs a warning when requestTimeout passes
    // and keeps waiting: a DynamoDB that accepts connections and never answers hangs the call.
    requestHandler: { connectionTimeout: options.connectionTimeout ?? 1000, requestTimeout: options.requestTimeout ?? 3000, throwOnRequestTimeout: true },
  })
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false, allowImpreciseNumbers: true },
    unmarshallOptions: { wrapNumbers: numberFromDynamo },
  })
}
