import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore } from '../../src/persistence/adapters/sqlite.js'
import { storeContract } from './store-contract.js'

// One file for the whole suite, in a folder the store must create; each test opens its own connection.
const file = join(mkdtempSync(join(tmpdir(), 'macaron-sqlite-')), 'nested', 'data.db')

storeContract('sqlite', async () => createSqliteStore({ file }))
