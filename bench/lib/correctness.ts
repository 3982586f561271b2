import { INVALID_REQUESTS, OPERATIONS, VALID_POST_BODY, type InvalidRequest } from './requests.js'

export interface InvalidOutcome {
  kind: string
  status: number
}

/** Sends every invalid request once and records the status each got. */
export async function sendInvalid(baseUrl: string): Promise<InvalidOutcome[]> {
  const out: InvalidOutcome[] = []
  for (const r of INVALID_REQUESTS) out.push({ kind: r.kind, status: await send(baseUrl, r) })
  return out
}

async function send(baseUrl: string, r: InvalidRequest): Promise<number> {
  const init: RequestInit = { method: r.method }
  if (r.body !== undefined) {
    init.body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body)
    init.headers = { 'content-type': 'application/json' }
  }
  const res = await fetch(baseUrl + r.path, init)
  await res.arrayBuffer()
  return res.status
}

/**
 * Checks that a contender answers the three measured operations as the spec says (status,
 * item count, fields): throws with what differs. Run before timing, and by the smoke test.
 */
export async function checkOperations(baseUrl: string): Promise<void> {
  const [one, list, post] = OPERATIONS.map((op) => baseUrl + op.path)
  const a = await json(await fetch(one!), 200)
  expectItem(a, 'GET one')
  if (a.id !== 42) throw new Error(`GET one: id is ${String(a.id)}, not 42 (path parameter not coerced?)`)
  const b = await json(await fetch(list!), 200)
  const items = b.items as Record<string, unknown>[]
  if (!Array.isArray(items) || items.length !== 20) throw new Error(`GET list: expected 20 items, got ${JSON.stringify(b).slice(0, 200)}`)
  items.forEach((item) => expectItem(item, 'GET list'))
  if (b.limit !== 20 || b.offset !== 40 || items[0]!.id !== 41 || items[0]!.status !== 'active') throw new Error(`GET list: query not applied: ${JSON.stringify({ ...b, items: items.slice(0, 1) })}`)
  const c = await json(await fetch(post!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(VALID_POST_BODY) }), 201)
  expectItem(c, 'POST')
  if (c.name !== 'Widget' || c.price !== 12.5) throw new Error(`POST: body not used: ${JSON.stringify(c)}`)
}

const FIELDS = ['id', 'sku', 'name', 'description', 'price', 'quantity', 'status', 'tags', 'created_at', 'updated_at']

function expectItem(value: Record<string, unknown>, what: string): void {
  const keys = Object.keys(value).sort()
  if (keys.join() !== [...FIELDS].sort().join()) throw new Error(`${what}: item fields are ${keys.join(', ')}`)
}

async function json(res: Response, status: number): Promise<Record<string, unknown>> {
  const text = await res.text()
  if (res.status !== status) throw new Error(`${res.url}: expected ${status}, got ${res.status}: ${text.slice(0, 300)}`)
  if (!/json/.test(res.headers.get('content-type') ?? '')) throw new Error(`${res.url}: content-type is ${res.headers.get('content-type')}`)
  return JSON.parse(text) as Record<string, unknown>
}
