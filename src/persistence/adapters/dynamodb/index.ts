// The DynamoDB backend: the Store interface on the AWS SDK v3 DocumentClient. Values are
// marshalled by the SDK (wrapNumbers keeps integers beyond 2^53 exact, undefined is
// dropped), expressions always name attributes through placeholders, and reads hide items
// past their TTL, which DynamoDB deletes only eventually and DynamoDB Local never.
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { ItemKey, Page, QueryInput, Store, StoredItem, TableSpec, TransactOp, UpdateInput, WriteCondition } from '../../store.js'
import { StoreUnavailable } from '../../store.js'
import { checkedKey, checkItemKeys } from '../shared/items.js'
import { checkLimit } from '../shared/query-plan.js'
import { checkTransact } from '../shared/tables.js'
import { batchGet, batchPut, type RetryPolicy } from './batch.js'
import { createClient, documentClient, type DynamoStoreOptions } from './client.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { translateError } from './errors.js'
import { conditionFields, Expression, keyCondition } from './expressions.js'
import { checkQuery } from './query.js'
import { createTables, tableStatus } from './tables.js'
import { transactItems } from './transact.js'
import { updateItem } from './update.js'
import { checkItem, fromDynamo, isExpired, liveItems } from './values.js'

export type { DynamoStoreOptions } from './client.js'

export function createDynamoStore(options: DynamoStoreOptions = {}): Store {
  const client = createClient(options)
  const doc = documentClient(client)
  const where = options.endpoint ?? `region ${options.region ?? process.env.AWS_REGION ?? '(default)'}`
  const policy: RetryPolicy = { attempts: options.batchAttempts ?? 8, baseDelay: options.batchBaseDelay ?? 50, maxDelay: 2000 }
  let closed = false
  // ping asks about a table the service uses when it knows one: IAM policies scoped to the
  // service's tables (table/prod_*) allow DescribeTable there, but not ListTables.
  let known: string | undefined
  const remember = (specs: TableSpec[]) => (known ??= specs[0]?.name)

  async function run<T>(work: () => Promise<T>): Promise<T> {
    if (closed) throw new StoreUnavailable('the DynamoDB store is closed')
    try {
      return await work()
    } catch (error) {
      throw translateError(error, where)
    }
  }

  return {
    backend: 'dynamodb',

    status: (specs: TableSpec[]) => run(() => tableStatus(client, specs)).then((out) => (remember(specs), out)),
    createTables: (specs: TableSpec[]) => run(() => createTables(client, specs)).then((out) => (remember(specs), out)),

    get: (table: TableSpec, key: ItemKey) =>
      run(async () => {
        checkedKey(table, key)
        const out = await doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }))
        return out.Item === undefined || isExpired(table, out.Item, Date.now() / 1000) ? undefined : fromDynamo(out.Item)
      }),

    put: (table: TableSpec, item: StoredItem, condition?: WriteCondition) =>
      run(async () => {
        checkItemKeys(table, item)
        checkItem(item)
        await doc.send(new PutCommand({ TableName: table.name, Item: item, ...conditionFields(table, condition) }))
      }),

    update: (table: TableSpec, key: ItemKey, update: UpdateInput, condition?: WriteCondition) => run(() => updateItem(doc, table, key, update, condition)),

    delete: (table: TableSpec, key: ItemKey, condition?: WriteCondition) =>
      run(async () => {
        checkedKey(table, key)
        await doc.send(new DeleteCommand({ TableName: table.name, Key: key, ...conditionFields(table, condition) }))
      }),

    query: (table: TableSpec, input: QueryInput) =>
      run(async (): Promise<Page> => {
        checkQuery(table, input)
        const e = new Expression()
        const limit = checkLimit(input.limit)
        const out = await doc.send(
          new QueryCommand({
            TableName: table.name,
            ...(input.index === undefined ? { ConsistentRead: true } : { IndexName: input.index }),
            KeyConditionExpression: keyCondition(table, input.key, input.sort, e),
            ...e.fields(),
            ScanIndexForward: input.order !== 'desc',
            ...(limit === undefined ? {} : { Limit: limit }),
            ...(input.cursor === undefined ? {} : { ExclusiveStartKey: decodeCursor(input.cursor, table, input.index) }),
          }),
        )
        return page(table, out.Items, out.LastEvaluatedKey)
      }),

    scan: (table: TableSpec, input: { limit?: number; cursor?: string }) =>
      run(async (): Promise<Page> => {
        const limit = checkLimit(input.limit)
        const out = await doc.send(
          new ScanCommand({
            TableName: table.name,
            ConsistentRead: true,
            ...(limit === undefined ? {} : { Limit: limit }),
            ...(input.cursor === undefined ? {} : { ExclusiveStartKey: decodeCursor(input.cursor, table, undefined) }),
          }),
        )
        return page(table, out.Items, out.LastEvaluatedKey)
      }),

    batchGet: (table: TableSpec, keys: ItemKey[]) => run(() => batchGet(doc, table, keys, policy)),
    batchPut: (table: TableSpec, items: StoredItem[]) => run(() => batchPut(doc, table, items, policy)),

    transact: (ops: TransactOp[]) =>
      run(async () => {
        checkTransact(ops)
        if (ops.length === 0) return
        await doc.send(new TransactWriteCommand({ TransactItems: await transactItems(doc, ops) }))
      }),

    ping: () =>
      run(async () => {
        if (known === undefined) await client.send(new ListTablesCommand({ Limit: 1 }))
        else await client.send(new DescribeTableCommand({ TableName: known }))
      }),

    async close() {
      if (closed) return
      closed = true
      // A client passed in belongs to the caller, who may use it elsewhere.
      if (options.client === undefined) client.destroy()
    },
  }
}

/** The name open.ts looks for. */
export const createDynamoDbStore = createDynamoStore

function page(table: TableSpec, items: Record<string, unknown>[] | undefined, last: Record<string, unknown> | undefined): Page {
  const cursor = encodeCursor(last)
  return cursor === undefined ? { items: liveItems(table, items) } : { items: liveItems(table, items), cursor }
}
