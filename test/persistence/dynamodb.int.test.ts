// The Store contract on DynamoDB Local (started by test/support/dynamodb-local.ts; needs Java).
import { createDynamoStore } from '../../src/persistence/adapters/dynamodb/index.js'
import { sharedDynamoDbLocal } from '../support/dynamodb-local.js'
import { storeContract } from './store-contract.js'

const local = await sharedDynamoDbLocal()

storeContract('dynamodb', async () => createDynamoStore(local.storeOptions), { tablePrefix: 'contract', timeout: 60_000 })
