// One TransactOp as an element of TransactWriteItems.
import type { TransactOp } from '../../store.js'
import { checkedKey, checkItemKeys } from '../shared/items.js'
import { conditionFields, updateFields } from './expressions.js'
import { checkItem } from './values.js'

export function transactItem(op: TransactOp) {
  const TableName = op.table.name
  switch (op.kind) {
    case 'put':
      checkItemKeys(op.table, op.item)
      checkItem(op.item)
      return { Put: { TableName, Item: op.item, ...conditionFields(op.table, op.condition) } }
    case 'update': {
      checkedKey(op.table, op.key)
      checkItem(op.update.set)
      const fields = updateFields(op.table, op.update, op.condition)
      if (fields.UpdateExpression === undefined) throw new TypeError(`an update in a transaction must set or remove an attribute (table ${TableName})`)
      return { Update: { TableName, Key: op.key, ...fields, UpdateExpression: fields.UpdateExpression } }
    }
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
