// The benchmark's persisted model (app/apis/items.yaml), built and opened the way createApp
// does it, on the backend a `persistence` config section names.
import { loadConfig } from '../../src/config/load.js'
import { buildPersistence, openPersistence } from '../../src/persistence/setup.js'
import type { PersistedModel } from '../../src/persistence/persisted-model.js'
import type { Store, StoredItem, TableSpec } from '../../src/persistence/store.js'
import { loadApis } from '../../src/spec/index.js'
import type { Variant } from './measure.js'

const dir = new URL('./app', import.meta.url).pathname

export interface BenchModel {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Item: typeof PersistedModel & (new (...args: any[]) => PersistedModel) & Record<string, any>
  store: Store
  table: TableSpec
}

export async function openModel(persistence: Record<string, unknown>): Promise<BenchModel> {
  const config = loadConfig(dir, { env: 'bench', overrides: { persistence } })
  const p = await buildPersistence(await loadApis(`${dir}/apis`), config)
  const store = await openPersistence(p)
  const Item = (p.models.items as Record<string, unknown>).Item as BenchModel['Item']
  return { Item, store, table: p.tables[0] as TableSpec }
}

export const ITEMS = 200

export function sampleItem(i: number): StoredItem {
  return {
    item_id: `item-${i}`,
    name: `Item number ${i}`,
    count: i,
    score: i / 7,
    tags: ['alpha', 'beta', 'gamma'],
    owner: { id: `owner-${i % 10}`, email: `owner${i % 10}@example.com` },
    version: 1,
  }
}

/** The two save variants every backend measures the same way: the Store layer, and Model.save (versioned). */
export async function layerSaves({ Item, store, table }: BenchModel): Promise<Variant[]> {
  let n = 0
  const instance = (await Item.load('item-0')) as unknown as { count: number; save: () => Promise<unknown> }
  return [
    { name: 'Store.put', op: () => store.put(table, { ...sampleItem(1), item_id: `store-${n++ % ITEMS}` }) },
    {
      name: 'Model.save (versioned)',
      op: () => {
        instance.count++
        return instance.save()
      },
    },
  ]
}
