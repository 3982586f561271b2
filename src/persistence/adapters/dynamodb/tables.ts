// createTables and status. A table is created with its keys, its indexes (GSIs projecting
// ALL, as the Store returns whole items from index queries), on-demand billing, and TTL on
// its ttl attribute. status reads the table back into a TableSpec and reuses the comparison
// of the other backends, so every backend names differences in the same words.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import type { KeyType, TableSpec, TableStatus } from '../../store.js'
import { specProblems } from '../shared/tables.js'

function keySchema(key: string, sort: string | undefined): KeySchemaElement[] {
  return [{ AttributeName: key, KeyType: 'HASH' }, ...(sort === undefined ? [] : [{ AttributeName: sort, KeyType: 'RANGE' as const }])]
}

export function createTableInput(spec: TableSpec) {
  const attrs = new Set([spec.key, spec.sort, ...Object.values(spec.indexes).flatMap((i) => [i.key, i.sort])].filter((a): a is string => a !== undefined))
  const indexes = Object.entries(spec.indexes).map(([name, index]) => ({ IndexName: name, KeySchema: keySchema(index.key, index.sort), Projection: { ProjectionType: 'ALL' as const } }))
  return {
    TableName: spec.name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: keySchema(spec.key, spec.sort),
    AttributeDefinitions: [...attrs].map((name) => {
      const type = spec.keyTypes[name]
      if (type === undefined) throw new TypeError(`table ${spec.name} declares no key type for ${name}`)
      return { AttributeName: name, AttributeType: type }
    }),
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  }
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined
    throw error
  }
}

export async function createTables(client: DynamoDBClient, specs: TableSpec[]): Promise<string[]> {
  const created: string[] = []
  for (const spec of specs) {
    if ((await describe(client, spec.name)) !== undefined) continue
    try {
      await client.send(new CreateTableCommand(createTableInput(spec)))
    } catch (error) {
      // Another process created it between our look and our create: it exists, which is what we wanted.
      if (error instanceof ResourceInUseException) continue
      throw error
    }
    await waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 }, { TableName: spec.name })
    if (spec.ttl !== undefined) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: spec.name, TimeToLiveSpecification: { AttributeName: spec.ttl, Enabled: true } }))
    }
    created.push(spec.name)
  }
  return created
}

/** The table as it exists, in the words of a TableSpec. */
function specOf(table: TableDescription, ttl: string | undefined): TableSpec {
  const keyTypes: Record<string, KeyType> = {}
  for (const a of table.AttributeDefinitions ?? []) if (a.AttributeName !== undefined) keyTypes[a.AttributeName] = a.AttributeType as KeyType
  const keys = (schema: KeySchemaElement[] | undefined) => ({
    key: schema?.find((k) => k.KeyType === 'HASH')?.AttributeName ?? '',
    sort: schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName,
  })
  const indexes: TableSpec['indexes'] = {}
  for (const index of [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])]) {
    const { key, sort } = keys(index.KeySchema)
    if (index.IndexName !== undefined) indexes[index.IndexName] = sort === undefined ? { key } : { key, sort }
  }
  const { key, sort } = keys(table.KeySchema)
  return { name: table.TableName ?? '', key, ...(sort === undefined ? {} : { sort }), keyTypes, ...(ttl === undefined ? {} : { ttl }), indexes }
}

export async function tableStatus(client: DynamoDBClient, specs: TableSpec[]): Promise<TableStatus[]> {
  const out: TableStatus[] = []
  for (const spec of specs) {
    const table = await describe(client, spec.name)
    if (table === undefined) {
      out.push({ name: spec.name, exists: false, problems: [] })
      continue
    }
    const ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName: spec.name }))).TimeToLiveDescription
    const on = ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING'
    out.push({ name: spec.name, exists: true, problems: specProblems(spec, specOf(table, on ? ttl?.AttributeName : undefined)) })
  }
  return out
}
