// DynamoDB's number text to JS numbers (runs anywhere: no DynamoDB needed).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkItem, numberFromDynamo } from '../../src/persistence/adapters/dynamodb/values.js'

test('number text becomes a number, or a bigint for integers a double cannot hold exactly', () => {
  const cases: [string, number | bigint][] = [
    ['0', 0],
    ['-0', 0],
    ['42', 42],
    ['-17', -17],
    ['1.5', 1.5],
    ['12.50', 12.5],
    ['0.1', 0.1],
    ['1E-7', 1e-7],
    ['1.0E+2', 100],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['-9007199254740991', -Number.MAX_SAFE_INTEGER],
    ['9007199254740993', 9007199254740993n],
    ['-9223372036854775815', -9223372036854775815n],
    ['1E+30', 10n ** 30n],
    ['1.5E+20', 150000000000000000000n],
    ['12345678901234567890123456789012345678', 12345678901234567890123456789012345678n],
    ['9007199254740993.5', 9007199254740993.5],
  ]
  for (const [text, expected] of cases) assert.deepEqual(numberFromDynamo(text), expected, text)
  assert.throws(() => numberFromDynamo('abc'))
})

test('numbers over 38 significant digits are refused before the call, naming the attribute', () => {
  checkItem({ ok: 12345678901234567890123456789012345678n, zeros: 10n ** 100n, list: [1.5, -3] })
  assert.throws(() => checkItem({ nested: { deep: [1, 123456789012345678901234567890123456789n] } }), /nested\.deep\[1\].*38 digits/)
  assert.throws(() => checkItem({ n: Number.NaN }), /attribute n/)
  assert.throws(() => checkItem({ n: Number.POSITIVE_INFINITY }), /attribute n/)
})
