// What every contract test needs: a fresh store, its own tables, the ConditionFailed check.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConditionFailed, type Page, type Store, type StoredItem, type TableSpec } from '../../../src/persistence/store.js'

export interface ContractContext {
  makeStore: () => Promise<Store>
  tablePrefix: string
  run: string
  timeout: number
}

export interface Tables {
  /** key id (S); ttl expires_at; indexes byOwner (owner S, rank N) and byColor (color S, no sort). */
  things: TableSpec
  /** key stream (S), sort seq (N). */
  events: TableSpec
  /** key group (S), sort name (S). */
  names: TableSpec
  /** key group (S), sort tag (B). */
  blobs: TableSpec
  /** key n (N), no sort: numeric identity of partition keys. */
  numbers: TableSpec
}

let counter = 0

export function tableSpecs(context: ContractContext): Tables {
  const n = ++counter
  const name = (table: string) => `${context.tablePrefix}-${context.run}-${n}-${table}`
  return {
    things: {
      name: name('things'),
      key: 'id',
      keyTypes: { id: 'S', owner: 'S', rank: 'N', color: 'S' },
      ttl: 'expires_at',
      indexes: { byOwner: { key: 'owner', sort: 'rank' }, byColor: { key: 'color' } },
    },
    events: { name: name('events'), key: 'stream', sort: 'seq', keyTypes: { stream: 'S', seq: 'N' }, indexes: {} },
    names: { name: name('names'), key: 'group', sort: 'name', keyTypes: { group: 'S', name: 'S' }, indexes: {} },
    blobs: { name: name('blobs'), key: 'group', sort: 'tag', keyTypes: { group: 'S', tag: 'B' }, indexes: {} },
    numbers: { name: name('numbers'), key: 'n', keyTypes: { n: 'N' }, indexes: {} },
  }
}

/** Registers one test with a fresh store whose tables exist; closes the store after. */
export function storeTest(context: ContractContext, title: string, body: (store: Store, tables: Tables) => Promise<void>): void {
  test(title, { timeout: context.timeout }, async () => {
    const store = await context.makeStore()
    try {
      const tables = tableSpecs(context)
      await store.createTables(Object.values(tables))
      await body(store, tables)
    } finally {
      await store.close()
    }
  })
}

export async function rejectsWithConditionFailed(promise: Promise<unknown>, index?: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ConditionFailed, `expected ConditionFailed, got ${String(error)}`)
    if (index !== undefined) assert.equal(error.index, index, 'the index of the transaction operation whose condition failed')
    return true
  })
}

/** Follows cursors to the end, checking that no page exceeds the limit. */
export async function allPages(fetch: (cursor: string | undefined) => Promise<Page>, limit: number): Promise<{ items: StoredItem[]; pages: number }> {
  const items: StoredItem[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await fetch(cursor)
    pages++
    assert.ok(page.items.length <= limit, `a page holds ${page.items.length} items, over the limit ${limit}`)
    if (page.cursor !== undefined) assert.match(page.cursor, /^[A-Za-z0-9_-]+$/, 'cursors are base64url')
    items.push(...page.items)
    cursor = page.cursor
    assert.ok(pages < 1000, 'pagination never ends')
  } while (cursor !== undefined)
  return { items, pages }
}

/** Items by an attribute, for comparing results whose order the contract leaves open. */
export function sortedBy(items: StoredItem[], attr: string): StoredItem[] {
  return [...items].sort((a, b) => {
    const x = String(a[attr])
    const y = String(b[attr])
    return x < y ? -1 : x > y ? 1 : 0
  })
}
