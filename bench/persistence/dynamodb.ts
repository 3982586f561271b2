// DynamoDB Local: Model.load / save against the raw DocumentClient's Get / Put on the same
// table, with Store.get / put between them to show which layer costs what.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { startDynamoDbLocal } from '../../test/support/dynamodb-local.js'
import { compare, type Timing } from './measure.js'
import { ITEMS, layerSaves, openModel, sampleItem } from './model.js'

export async function benchDynamo(seconds: number, log: (line: string) => void): Promise<{ load: Timing[]; save: Timing[] }> {
  const local = await startDynamoDbLocal()
  const { Item, store, table } = await openModel({ backend: 'dynamodb', create_tables: true, table_prefix: `bench${Date.now().toString(36)}_`, dynamodb: { endpoint: local.endpoint, region: local.region } })
  const raw = DynamoDBDocumentClient.from(new DynamoDBClient(local.storeOptions))
  try {
    await store.batchPut(table, Array.from({ length: ITEMS }, (_, i) => sampleItem(i)))
    let n = 0
    const id = () => `item-${n++ % ITEMS}`
    log('dynamodb: load')
    const load = await compare(
      [
        // ConsistentRead as the store reads, so that both ask DynamoDB the same question.
        { name: 'DocumentClient Get', op: () => raw.send(new GetCommand({ TableName: table.name, Key: { item_id: id() }, ConsistentRead: true })) },
        { name: 'Store.get', op: () => store.get(table, { item_id: id() }) },
        { name: 'Model.load', op: () => Item.load(id()) },
      ],
      seconds,
    )
    // The same versioned write by hand: a Put conditional on the version read, bumping it.
    let version = 1
    await raw.send(new PutCommand({ TableName: table.name, Item: { ...sampleItem(1), item_id: 'versioned', version } }))
    const versioned = () =>
      raw.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...sampleItem(1), item_id: 'versioned', version: version + 1 },
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': version++ },
        }),
      )
    log('dynamodb: save')
    const save = await compare(
      [
        { name: 'DocumentClient Put', op: () => raw.send(new PutCommand({ TableName: table.name, Item: { ...sampleItem(1), item_id: `raw-${n++ % ITEMS}` } })) },
        { name: 'DocumentClient conditional Put (versioned)', op: versioned },
        ...(await layerSaves({ Item, store, table })),
      ],
      seconds,
    )
    return { load, save }
  } finally {
    raw.destroy()
    await store.close()
    await local.stop()
  }
}
