// UpdateItem, returning the whole item after. On a table with a TTL an expired item counts
// as absent, so an update must not carry its old attributes over: the first attempt is
// conditional on the item not being expired; when that is why it failed, the update is
// applied to the key alone and put in place of the expired item (conditional on that item
// being unchanged since or deleted by the TTL sweep, so a concurrent writer wins cleanly).
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ConditionFailed, type ItemKey, type StoredItem, type TableSpec, type UpdateInput, type WriteCondition } from '../../store.js'
import { checkedKey } from '../shared/items.js'
import { applyUpdate, conditionHolds } from '../shared/semantics.js'
import { expiredOrGone, updateFields } from './expressions.js'
import { checkItem, fromDynamo, numberFromDynamo } from './values.js'

interface ConditionError {
  name?: string
  Item?: Record<string, { N?: string }>
}

export async function updateItem(doc: DynamoDBDocumentClient, table: TableSpec, key: ItemKey, update: UpdateInput, condition: WriteCondition | undefined): Promise<StoredItem> {
  checkedKey(table, key)
  checkItem(update.set)
  const ttl = table.ttl
  try {
    const out = await doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        ...updateFields(table, update, condition, ttl !== undefined),
        ReturnValues: 'ALL_NEW',
        ...(ttl === undefined ? {} : { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }),
      }),
    )
    return fromDynamo(out.Attributes ?? { ...key })
  } catch (error) {
    const old = (error as ConditionError).Item?.[ttl ?? '']?.N
    if (ttl === undefined || (error as ConditionError).name !== 'ConditionalCheckFailedException' || old === undefined || numberFromDynamo(old) >= Date.now() / 1000) throw error
    if (!conditionHolds(undefined, condition)) throw new ConditionFailed()
    const item = applyUpdate(table, undefined, key, update)
    await doc.send(new PutCommand({ TableName: table.name, Item: item, ...expiredOrGone(table, ttl, numberFromDynamo(old)) }))
    return item
  }
}
