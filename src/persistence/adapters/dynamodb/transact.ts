// TransactOps as the elements of TransactWriteItems. An update on a table with a TTL
// first reads the item's TTL: over an expired item (absent, on every backend) it becomes a
// put of the key and the update alone, conditional on that expired item being unchanged or gone;
// otherwise it is guarded so that an item expiring meanwhile fails instead of carrying its
// old attributes over (see update.ts for the single-item form).
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ConditionFailed, type TransactOp } from '../../store.js'
import { checkedKey, checkItemKeys } from '../shared/items.js'
import { applyUpdate, conditionHolds } from '../shared/semantics.js'
import { conditionFields, expiredOrGone, updateFields } from './expressions.js'
import { checkItem } from './values.js'

type UpdateOp = Extract<TransactOp, { kind: 'update' }>

export function transactItems(doc: DynamoDBDocumentClient, ops: TransactOp[]) {
  return Promise.all(ops.map((op, i) => (op.kind === 'update' && op.table.ttl !== undefined ? updateOverTtl(doc, op, i, op.table.ttl) : transactItem(op))))
}

async function updateOverTtl(doc: DynamoDBDocumentClient, op: UpdateOp, index: number, ttl: string) {
  checkedKey(op.table, op.key)
  checkItem(op.update.set)
  const TableName = op.table.name
  const read = await doc.send(new GetCommand({ TableName, Key: op.key, ConsistentRead: true, ProjectionExpression: '#t', ExpressionAttributeNames: { '#t': ttl } }))
  const at = read.Item?.[ttl]
  if ((typeof at === 'number' || typeof at === 'bigint') && Number(at) < Date.now() / 1000) {
    if (!conditionHolds(undefined, op.condition)) throw new ConditionFailed(index)
    return { Put: { TableName, Item: applyUpdate(op.table, undefined, op.key, op.update), ...expiredOrGone(op.table, ttl, at) } }
  }
  return updateElement(op, true)
}

function updateElement(op: UpdateOp, guardExpired: boolean) {
  const fields = updateFields(op.table, op.update, op.condition, guardExpired)
  if (fields.UpdateExpression === undefined) throw new TypeError(`an update in a transaction must set or remove an attribute (table ${op.table.name})`)
  return { Update: { TableName: op.table.name, Key: op.key, ...fields, UpdateExpression: fields.UpdateExpression } }
}

export function transactItem(op: TransactOp) {
  const TableName = op.table.name
  switch (op.kind) {
    case 'put':
      checkItemKeys(op.table, op.item)
      checkItem(op.item)
      return { Put: { TableName, Item: op.item, ...conditionFields(op.table, op.condition) } }
    case 'update':
      checkedKey(op.table, op.key)
      checkItem(op.update.set)
      return updateElement(op, false)
    case 'delete':
      checkedKey(op.table, op.key)
      return { Delete: { TableName, Key: op.key, ...conditionFields(op.table, op.condition) } }
    case 'check': {
      checkedKey(op.table, op.key)
      const fields = conditionFields(op.table, op.condition)
      return { ConditionCheck: { TableName, Key: op.key, ...fields, ConditionExpression: fields.ConditionExpression as string } }
    }
  }
}
