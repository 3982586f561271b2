// SDK errors to the Store's two: ConditionFailed (a condition did not hold) and
// StoreUnavailable (unreachable, timed out, throttled or 5xx after the SDK's retries).
// Anything else (a missing table, a refused value) stays the SDK's error, with its message.
import { ConditionFailed, StoreUnavailable } from '../../store.js'

const UNAVAILABLE_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'CredentialsProviderError',
  'TransactionInProgressException',
  // Credentials DynamoDB refuses: the service cannot use its database until they are fixed.
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'MissingAuthenticationTokenException',
])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE'])

interface SdkError {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number; attempts?: number }
  CancellationReasons?: { Code?: string }[]
}

function isUnavailable(e: SdkError): boolean {
  const status = e.$metadata?.httpStatusCode
  return (status !== undefined && status >= 500) || UNAVAILABLE_NAMES.has(e.name ?? '') || NETWORK_CODES.has(e.code ?? '')
}

/** The reasons of a cancelled transaction, from the parsed field or, failing that, the message's list. */
function cancellationCodes(e: SdkError): string[] {
  if (e.CancellationReasons !== undefined) return e.CancellationReasons.map((r) => r.Code ?? 'None')
  const list = /\[([^\]]*)\]/.exec(e.message ?? '')?.[1]
  return list === undefined ? [] : list.split(',').map((s) => s.trim())
}

export function translateError(error: unknown, where: string): unknown {
  if (typeof error !== 'object' || error === null) return error
  const e = error as SdkError
  if (e.name === 'ConditionalCheckFailedException') return new ConditionFailed()
  if (e.name === 'TransactionCanceledException') {
    const codes = cancellationCodes(e)
    const failed = codes.indexOf('ConditionalCheckFailed')
    if (failed >= 0) return new ConditionFailed(failed)
    if (codes.some((c) => c === 'ThrottlingError' || c === 'TransactionConflict' || c === 'ProvisionedThroughputExceeded')) {
      return new StoreUnavailable(`DynamoDB at ${where} cancelled the transaction (${codes.join(', ')})`, { cause: error })
    }
    return error
  }
  if (isUnavailable(e)) {
    const attempts = e.$metadata?.attempts === undefined ? '' : ` after ${e.$metadata.attempts} attempt(s)`
    return new StoreUnavailable(`DynamoDB at ${where} is unavailable${attempts}: ${e.name ?? 'Error'}${e.code ? ` ${e.code}` : ''}: ${e.message ?? ''}`, { cause: error })
  }
  return error
}
