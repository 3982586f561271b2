// BatchGetItem (100 keys) and BatchWriteItem (25 puts) over any number of items. DynamoDB
// may process part of a request and hand back the rest (UnprocessedKeys/UnprocessedItems,
// which the SDK does not retry); the rest is sent again after an exponentially growing,
// fully jittered delay, a bounded number of times, then the call fails with StoreUnavailable.
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { StoreUnavailable, type ItemKey, type StoredItem, type TableSpec } from '../../store.js'
import { checkedKey, checkItemKeys } from '../shared/items.js'
import { checkItem, liveItems } from './values.js'

export const GET_CHUNK = 100
export const PUT_CHUNK = 25
/** Chunks in flight at once: enough to overlap round trips, few enough not to provoke throttling. */
const PARALLEL = 4

export interface RetryPolicy {
  attempts: number
  baseDelay: number
  maxDelay: number
}

export function backoff(attempt: number, policy: RetryPolicy): number {
  return Math.random() * Math.min(policy.maxDelay, policy.baseDelay * 2 ** attempt)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One item per distinct key (the last wins): DynamoDB refuses a batch naming one key twice. */
function distinct<T extends StoredItem | ItemKey>(table: TableSpec, list: T[], check: (t: TableSpec, v: T) => { pk: string; sk: string }): T[] {
  const byKey = new Map<string, T>()
  for (const value of list) {
    const { pk, sk } = check(table, value)
    byKey.set(`${pk.length}:${pk}${sk}`, value)
  }
  return [...byKey.values()]
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

async function inParallel<T>(tasks: T[], run: (task: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) await run(tasks[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, tasks.length) }, worker))
}

/** Sends `request`, then whatever it leaves unprocessed, until nothing is left or the attempts run out. */
async function untilProcessed<R>(table: TableSpec, what: string, first: R, send: (request: R) => Promise<R | undefined>, policy: RetryPolicy): Promise<void> {
  let pending: R | undefined = first
  for (let attempt = 0; pending !== undefined; attempt++) {
    if (attempt >= policy.attempts) throw new StoreUnavailable(`DynamoDB left part of a ${what} on table ${table.name} unprocessed after ${policy.attempts} attempts`)
    if (attempt > 0) await sleep(backoff(attempt - 1, policy))
    pending = await send(pending)
  }
}

export async function batchGet(doc: DynamoDBDocumentClient, table: TableSpec, keys: ItemKey[], policy: RetryPolicy): Promise<StoredItem[]> {
  const items: StoredItem[] = []
  const unique = distinct(table, keys, checkedKey)
  await inParallel(chunks(unique, GET_CHUNK), (chunk) =>
    untilProcessed(table, 'BatchGetItem', chunk as Record<string, unknown>[], async (pending) => {
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }))
      items.push(...liveItems(table, out.Responses?.[table.name]))
      const left = out.UnprocessedKeys?.[table.name]?.Keys
      return left !== undefined && left.length > 0 ? left : undefined
    }, policy),
  )
  return items
}

export async function batchPut(doc: DynamoDBDocumentClient, table: TableSpec, items: StoredItem[], policy: RetryPolicy): Promise<void> {
  // Every item is checked before the first request, so a bad one leaves the batch unwritten.
  const unique = distinct(table, items, checkItemKeys)
  for (const item of unique) checkItem(item)
  await inParallel(chunks(unique, PUT_CHUNK), (chunk) =>
    untilProcessed(table, 'BatchWriteItem', chunk.map((Item) => ({ PutRequest: { Item } })), async (pending) => {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }))
      const left = out.UnprocessedItems?.[table.name]
      return left !== undefined && left.length > 0 ? (left as typeof pending) : undefined
    }, policy),
  )
}
