import { POST_SCRIPT } from './wrk.js'

/** The three measured operations: what wrk sends and what a correct answer looks like. */
export interface Operation {
  name: 'get-one' | 'get-list' | 'post'
  label: string
  path: string
  script?: string
}

export const OPERATIONS: Operation[] = [
  { name: 'get-one', label: 'GET one', path: '/items/42' },
  { name: 'get-list', label: 'GET list (20 items)', path: '/items?limit=20&offset=40&status=active' },
  { name: 'post', label: 'POST (body validated)', path: '/items', script: POST_SCRIPT },
]

export const VALID_POST_BODY = { name: 'Widget', description: 'A widget made for the benchmark', price: 12.5, quantity: 3, status: 'active', tags: ['blue', 'small'] }

export interface InvalidRequest {
  kind: string
  method: 'GET' | 'POST'
  path: string
  /** A raw body (sent as application/json) or a value to JSON.stringify. */
  body?: string | object
}

const post = (kind: string, body: string | object): InvalidRequest => ({ kind, method: 'POST', path: '/items', body })
const base = { name: 'Widget', price: 12.5, status: 'active' }

/** Each must be answered 400: the spec refuses it (additionalProperties: false included). */
export const INVALID_REQUESTS: InvalidRequest[] = [
  { kind: 'path param not an integer (abc)', method: 'GET', path: '/items/abc' },
  { kind: 'path param a decimal (1.5)', method: 'GET', path: '/items/1.5' },
  { kind: 'path param below minimum (0)', method: 'GET', path: '/items/0' },
  { kind: 'path param hex (0x10)', method: 'GET', path: '/items/0x10' },
  { kind: 'query wrong type (limit=abc)', method: 'GET', path: '/items?limit=abc' },
  { kind: 'query above maximum (limit=500)', method: 'GET', path: '/items?limit=500' },
  { kind: 'query below minimum (offset=-1)', method: 'GET', path: '/items?offset=-1' },
  { kind: 'query bad enum (status=deleted)', method: 'GET', path: '/items?status=deleted' },
  { kind: 'query number with spaces (limit=%2010)', method: 'GET', path: '/items?limit=%2010' },
  post('body unknown property', { ...base, colour: 'red' }),
  post('body wrong type (price "12")', { ...base, price: '12' }),
  post('body missing required (name)', { price: 12.5, status: 'active' }),
  post('body bad enum (status)', { ...base, status: 'deleted' }),
  post('body integer field a decimal (quantity 1.5)', { ...base, quantity: 1.5 }),
  post('body below minimum (price -1)', { ...base, price: -1 }),
  post('body string too short (name "")', { ...base, name: '' }),
  post('body array item wrong type (tags [1])', { ...base, tags: [1] }),
  post('body an array, not an object', [base]),
  post('body empty object', {}),
  post('malformed JSON', '{"name": "Widget", "price": 12.5,'),
]
