// Stored values to and from DynamoDB's number text: integers beyond 2^53 stay exact as
// bigint, everything else is a JS number; numbers over DynamoDB's 38 digits are refused
// before the call, with the attribute named.
import type { StoredItem, StoredValue, TableSpec } from '../../store.js'

const SHORT_INTEGER = /^-?\d{1,15}$/
const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** DynamoDB's number text (any form it may answer: 12, 1.5, 1E+30) to number or bigint. */
export function numberFromDynamo(text: string): number | bigint {
  // `|| 0` turns -0 into 0: DynamoDB has no negative zero.
  if (SHORT_INTEGER.test(text)) return Number(text) || 0
  const match = DECIMAL.exec(text)
  if (match === null) throw new TypeError(`DynamoDB returned the number ${JSON.stringify(text)}, which is not decimal`)
  const [, sign = '', whole = '', fraction = '', power = '0'] = match
  let digits = (whole + fraction).replace(/^0+/, '')
  let exp = Number(power) - fraction.length
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1)
    exp++
  }
  if (digits === '') return 0
  if (exp < 0) return Number(text)
  // The text names an integer: exact as bigint when a double cannot hold it.
  const value = BigInt(sign + digits + '0'.repeat(exp))
  return value > MAX_SAFE || value < -MAX_SAFE ? value : Number(value)
}

const MAX_DIGITS = 38

function significantDigits(value: bigint): number {
  return (value < 0n ? -value : value).toString().replace(/0+$/, '').length
}

/** Refuses what DynamoDB would refuse with a vaguer message: numbers over 38 digits, NaN and Infinity. */
export function checkValue(value: StoredValue, path: string): void {
  if (typeof value === 'bigint') {
    if (significantDigits(value) > MAX_DIGITS) throw new RangeError(`attribute ${path} holds a number of more than ${MAX_DIGITS} digits, over DynamoDB's limit`)
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`attribute ${path} holds ${value}, which DynamoDB cannot store`)
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkValue(value[i] as StoredValue, `${path}[${i}]`)
  } else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const name of Object.keys(value)) checkValue(value[name] as StoredValue, `${path}.${name}`)
  }
}

export function checkItem(item: StoredItem): void {
  for (const name of Object.keys(item)) checkValue(item[name] as StoredValue, name)
}

/** The SDK may hand back binary as a Buffer; the Store contract promises plain Uint8Array. */
function plain(value: StoredValue): StoredValue {
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? new Uint8Array(value.buffer, value.byteOffset, value.length) : value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = plain(value[i] as StoredValue)
  } else if (typeof value === 'object' && value !== null) {
    for (const name of Object.keys(value)) value[name] = plain(value[name] as StoredValue)
  }
  return value
}

export function fromDynamo(item: Record<string, unknown>): StoredItem {
  return plain(item as StoredItem) as StoredItem
}

/** DynamoDB Local never deletes expired items, and DynamoDB does so only within days: reads hide them. */
export function isExpired(table: TableSpec, item: Record<string, unknown>, now: number): boolean {
  if (table.ttl === undefined) return false
  const at = item[table.ttl]
  return (typeof at === 'number' || typeof at === 'bigint') && Number(at) < now
}

export function liveItems(table: TableSpec, items: Record<string, unknown>[] | undefined): StoredItem[] {
  const now = Date.now() / 1000
  const out: StoredItem[] = []
  for (const item of items ?? []) if (!isExpired(table, item, now)) out.push(fromDynamo(item))
  return out
}
