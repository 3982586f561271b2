// Key values encoded as strings whose plain string order (one char per byte, latin1) is
// DynamoDB's key order: numbers by value (number and bigint alike, so 1 and 1n are one
// key), strings by their UTF-8 bytes, binary bytewise. Memory compares these strings
// directly; SQLite stores them as BLOBs, whose memcmp order is the same. One encoding for
// both backends keeps their orderings identical by construction.
import type { KeyType, KeyValue } from '../../store.js'

/** A key attribute whose value does not fit its declared type (DynamoDB's ValidationException). */
export class KeyTypeError extends TypeError {
  constructor(attr: string, type: KeyType, value: unknown) {
    super(`key attribute ${attr} must be ${TYPE_NAMES[type]}, got ${describe(value)}`)
    this.name = 'KeyTypeError'
  }
}

const TYPE_NAMES: Record<KeyType, string> = { S: 'a non-empty string', N: 'a finite number or bigint', B: 'non-empty binary' }

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value instanceof Uint8Array) return `binary of ${value.length} bytes`
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value
}

export function encodeKey(attr: string, type: KeyType, value: unknown): string {
  if (type === 'S' && typeof value === 'string' && value !== '') return Buffer.from(value, 'utf8').toString('latin1')
  if (type === 'B' && value instanceof Uint8Array && value.length > 0) return Buffer.from(value.buffer, value.byteOffset, value.length).toString('latin1')
  if (type === 'N' && (typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value)))) return encodeNumber(value)
  throw new KeyTypeError(attr, type, value)
}

/** The encoded prefix for begins_with on a string (or binary, from its UTF-8 text) sort key. */
export function encodePrefix(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1')
}

// A number as sign, decimal exponent and digits (value = 0.d1d2... × 10^exp, d1 ≠ 0, no
// trailing zeros), laid out so that byte order is numeric order. Negatives invert the
// exponent and digits and end with 0xff, so that a longer digit string (a larger
// magnitude, so a smaller value) sorts first.
function encodeNumber(value: number | bigint): string {
  const { negative, exp, digits } = decimalParts(value)
  if (digits === '') return '\x02'
  const e = exp + 0x8000
  if (!negative) {
    let out = '\x03' + String.fromCharCode(e >> 8, e & 0xff)
    for (let i = 0; i < digits.length; i++) out += String.fromCharCode(digits.charCodeAt(i) - 47)
    return out
  }
  const ne = 0xffff - e
  let out = '\x01' + String.fromCharCode(ne >> 8, ne & 0xff)
  for (let i = 0; i < digits.length; i++) out += String.fromCharCode(58 - digits.charCodeAt(i) + 1)
  return out + '\xff'
}

function decimalParts(value: number | bigint): { negative: boolean; exp: number; digits: string } {
  const negative = value < 0
  // String() gives the shortest text that reads back as the same double, so distinct doubles get distinct digits.
  const text = (negative ? -value : value).toString()
  const [mantissa = '', power] = text.split('e')
  const [whole = '', fraction = ''] = mantissa.split('.')
  let all = whole + fraction
  let point = whole.length + (power === undefined ? 0 : Number(power))
  const lead = all.length - all.replace(/^0+/, '').length
  all = all.slice(lead)
  point -= lead
  return { negative, exp: point, digits: all.replace(/0+$/, '') }
}
