import { createMemoryStore } from '../../src/persistence/adapters/memory.js'
import { storeContract } from './store-contract.js'

storeContract('memory', async () => createMemoryStore())
