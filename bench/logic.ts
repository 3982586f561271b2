// The handler logic every contender runs, so that only the framework around it differs.
// Plain functions of already-parsed input; each contender adapts its own request shape.

export type Status = 'active' | 'archived' | 'draft'

export interface Item {
  id: number
  sku: string
  name: string
  description: string
  price: number
  quantity: number
  status: Status
  tags: string[]
  created_at: string
  updated_at: string
}

export interface NewItem {
  name: string
  description?: string
  price: number
  quantity?: number
  status: Status
  tags?: string[]
}

// Fixed timestamps: the date formatting must not dominate what is measured.
const CREATED = '2026-01-02T03:04:05.000Z'
const UPDATED = '2026-06-07T08:09:10.000Z'
const STATUSES: Status[] = ['active', 'archived', 'draft']

export function getItem(id: number): Item {
  return {
    id,
    sku: `SKU-${id}`,
    name: `Item ${id}`,
    description: 'A thing that is sold by the benchmark shop',
    price: (id % 1000) + 0.99,
    quantity: id % 50,
    status: STATUSES[id % 3]!,
    tags: ['bench', 'sample'],
    created_at: CREATED,
    updated_at: UPDATED,
  }
}

export function listItems(limit: number, offset: number, status: Status | undefined): { items: Item[]; limit: number; offset: number } {
  const items: Item[] = []
  for (let i = 0; i < limit; i++) {
    const item = getItem(offset + i + 1)
    if (status !== undefined) item.status = status
    items.push(item)
  }
  return { items, limit, offset }
}

let nextId = 1_000_000
export function createItem(body: NewItem): Item {
  nextId = nextId >= 1_999_999 ? 1_000_000 : nextId + 1
  return { ...getItem(nextId), ...body, description: body.description ?? '', quantity: body.quantity ?? 0, tags: body.tags ?? [] }
}
