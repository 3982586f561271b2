// The encoded keys of the memory and SQLite backends sort as DynamoDB sorts keys: checked on
// random values against exact decimal comparisons. A double is the decimal of its shortest
// text (String(x)), which is what DynamoDB receives for it: 2 ** 60 is 1152921504606847000.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeKey } from '../../src/persistence/adapters/shared/key-codec.js'

function randomNumber(i: number): number | bigint {
  const sign = Math.random() < 0.5 ? -1 : 1
  switch (i % 6) {
    case 0:
      return sign * Math.floor(Math.random() * 1000)
    case 1:
      return sign * Math.random() * 10 ** Math.floor(Math.random() * 40 - 20)
    case 2:
      return BigInt(sign) * BigInt(Math.floor(Math.random() * 2 ** 52)) * 10n ** BigInt(Math.floor(Math.random() * 20))
    case 3:
      return sign * Number.parseFloat((Math.random() * 100).toFixed(Math.floor(Math.random() * 4)))
    case 4:
      return [0, -0, 1, -1, 0.1, 10, 100, 1e21, 1e-7, 2 ** 53, 2n ** 53n, 2n ** 53n + 1n, 10n ** 37n][Math.floor(Math.random() * 13)] as number | bigint
    default:
      return sign * 10 ** Math.floor(Math.random() * 30 - 15)
  }
}

/** The decimal value scaled to an integer, for exact comparison of numbers and bigints. */
function scaled(v: number | bigint): bigint {
  if (typeof v === 'bigint') return v * 10n ** 400n
  const [mantissa = '', power = '0'] = String(v).split('e')
  const [whole = '', fraction = ''] = mantissa.split('.')
  return BigInt(whole + fraction) * 10n ** BigInt(400 + Number(power) - fraction.length)
}

test('numbers encode in numeric order, and equal values (1, 1.0, 1n; 0 and -0) encode alike', () => {
  const values = Array.from({ length: 3000 }, (_, i) => randomNumber(i))
  const encoded = values.map((v) => ({ v, e: encodeKey('n', 'N', v) }))
  for (let i = 0; i < 20_000; i++) {
    const a = encoded[Math.floor(Math.random() * encoded.length)]!
    const b = encoded[Math.floor(Math.random() * encoded.length)]!
    const x = scaled(a.v)
    const y = scaled(b.v)
    const numeric = x < y ? -1 : x > y ? 1 : 0
    const byKey = a.e < b.e ? -1 : a.e > b.e ? 1 : 0
    assert.equal(byKey, numeric, `${String(a.v)} vs ${String(b.v)}`)
  }
  assert.equal(encodeKey('n', 'N', 1), encodeKey('n', 'N', 1n))
  assert.equal(encodeKey('n', 'N', 0), encodeKey('n', 'N', -0))
  assert.equal(encodeKey('n', 'N', 2 ** 60), encodeKey('n', 'N', 1152921504606847000n))
  assert.equal(encodeKey('n', 'N', 2 ** 50), encodeKey('n', 'N', 2n ** 50n))
  assert.notEqual(encodeKey('n', 'N', 2n ** 60n), encodeKey('n', 'N', 2n ** 60n + 1n))
})

test('strings encode in UTF-8 byte order, whatever their UTF-16 order', () => {
  const pick = () => {
    const r = Math.random()
    if (r < 0.4) return 0x20 + Math.floor(Math.random() * 0x60)
    if (r < 0.6) return 0x80 + Math.floor(Math.random() * 0x700)
    if (r < 0.8) return 0xe000 + Math.floor(Math.random() * 0x2000)
    return 0x10000 + Math.floor(Math.random() * 0x10000)
  }
  const strings = Array.from({ length: 2000 }, () => String.fromCodePoint(...Array.from({ length: 1 + Math.floor(Math.random() * 4) }, pick)))
  for (let i = 0; i < 20_000; i++) {
    const a = strings[Math.floor(Math.random() * strings.length)]!
    const b = strings[Math.floor(Math.random() * strings.length)]!
    const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))
    const ea = encodeKey('s', 'S', a)
    const eb = encodeKey('s', 'S', b)
    assert.equal(ea < eb ? -1 : ea > eb ? 1 : 0, bytes)
  }
})

test('keys of the wrong type, empty strings and binary, NaN and Infinity are refused', () => {
  for (const [type, value] of [['S', ''], ['S', 1], ['N', '1'], ['N', Number.NaN], ['N', Infinity], ['B', new Uint8Array()], ['B', 'x'], ['S', undefined]] as const) {
    assert.throws(() => encodeKey('k', type, value), /key attribute k must be/)
  }
})
