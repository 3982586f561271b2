/**
 * The contract every persistence backend passes (memory, sqlite, dynamodb): one node:test
 * case per Store operation and error path, all behaving as DynamoDB does.
 *
 *   storeContract('sqlite', async () => createSqliteStore({ file }))
 *
 * `makeStore` is called once per test and must resolve to a working store; each test
 * creates its own tables under fresh names (`<tablePrefix>-<run>-<n>-<table>`, letters,
 * digits and dashes only) with `createTables`, so tests never see each other's items and
 * the tables of earlier runs can stay, and closes the store at its end. A backend where
 * tables linger (DynamoDB Local) can pass `tablePrefix` to recognise them.
 *
 * The semantics pinned here beyond DynamoDB's own API: items past their TTL are absent to
 * every read and to write conditions (a create over an expired item succeeds); pages hold
 * at most `limit` items and a page may come back short or empty with a cursor (DynamoDB
 * filters after the limit); batchGet returns items in any order; a closed store rejects
 * every call with StoreUnavailable.
 */
import { describe } from 'node:test'
import type { Store } from '../../src/persistence/store.js'
import { batchAndTransactTests } from './contract/batch-transact.js'
import { crudTests } from './contract/crud.js'
import type { ContractContext } from './contract/harness.js'
import { queryTests } from './contract/query.js'
import { tableTests } from './contract/tables.js'
import { valueAndTtlTests } from './contract/values-ttl.js'

export interface StoreContractOptions {
  /** First part of every table name the suite creates (default `contract`). */
  tablePrefix?: string
  /** Per-test timeout in ms (default 30000): a remote backend is slower than an embedded one. */
  timeout?: number
}

export function storeContract(name: string, makeStore: () => Promise<Store>, options: StoreContractOptions = {}): void {
  const context: ContractContext = {
    makeStore,
    tablePrefix: options.tablePrefix ?? 'contract',
    run: Math.random().toString(36).slice(2, 8),
    timeout: options.timeout ?? 30_000,
  }
  describe(`Store contract: ${name}`, () => {
    tableTests(context)
    crudTests(context)
    valueAndTtlTests(context)
    queryTests(context)
    batchAndTransactTests(context)
  })
}
