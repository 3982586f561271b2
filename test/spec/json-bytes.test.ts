// A JSON document read from the disk is parsed from its bytes (non-ASCII escaped, one-byte
// text) instead of decoding it: the value must be JSON.parse's of the decoded text, errors
// included, and nothing else about the parsed source may change.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { jsonFromBytes } from '../../src/util/json-bytes.js'
import { parseSource } from '../../src/util/yaml-source.js'

type Outcome = { value: unknown } | { error: true } | undefined

const expected = (bytes: Buffer): Outcome => {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown }
  } catch {
    return { error: true }
  }
}

const actual = (bytes: Buffer): Outcome => {
  try {
    const value = jsonFromBytes(bytes)
    return value === undefined ? undefined : { value }
  } catch {
    return { error: true }
  }
}

test('jsonFromBytes gives JSON.parse of the decoded text: ASCII, 2-, 3- and 4-byte characters, runs across 64 KB chunks, malformed UTF-8', () => {
  const pad = 'x'.repeat(65_530) // puts the next characters across the first chunk boundary
  const texts = [
    '{"a": 1, "b": [true, null, "plain"]}',
    '{"café": "naïve – “quoted” ✓", "emoji": "😀 and 👩‍👩‍👧", "cjk": "日本語"}',
    `{"pad": "${pad}", "across": "ééééé€€€😀😀", "tail": "${pad}ü"}`,
    '["\\u00e9 escaped already", "mixed é \\n \\" \\\\"]',
  ]
  const cases = texts.map((t) => Buffer.from(t, 'utf8'))
  // Malformed sequences inside strings: a lone continuation byte, a sequence cut by ASCII,
  // an overlong form, a surrogate encoded in UTF-8, a cut sequence at the end of a string.
  for (const bad of [[0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]]) {
    cases.push(Buffer.concat([Buffer.from('{"k": "a'), Buffer.from(bad), Buffer.from('b", "é": 1}')]))
  }
  for (const bytes of cases) assert.deepEqual(actual(bytes), expected(bytes), bytes.toString('utf8').slice(0, 80))
  assert.equal((jsonFromBytes(cases[1]!) as Record<string, string>).emoji, '😀 and 👩‍👩‍👧')
  assert.deepEqual(jsonFromBytes(Buffer.from(`["${pad}"]`)), [pad], 'ASCII only')
})

test('jsonFromBytes: non-ASCII outside a string is the syntax error it was; after a backslash it gives way to the decoded text', () => {
  assert.throws(() => jsonFromBytes(Buffer.from('{"a": é}')), SyntaxError)
  assert.throws(() => jsonFromBytes(Buffer.from('\uFEFF{"a": 1}')), SyntaxError, 'a byte order mark is not JSON')
  // `\é` is an invalid escape; `\\u00e9` would be a valid one: not answered here.
  assert.equal(jsonFromBytes(Buffer.from('{"a": "\\é"}')), undefined)
  assert.equal(jsonFromBytes(Buffer.from('{"a": "\\\\é"}')), undefined, 'an escaped backslash too: the decoded text decides')
})

test('parseSource from bytes: the same value, tree, text, positions and errors as from the text', () => {
  const text = '{\n  "openapi": "3.1.0",\n  "info": {"title": "Café ☕", "version": "1"},\n  "paths": {}\n}\n'
  const fromText = parseSource('api.json', text)
  const fromBytes = parseSource('api.json', Buffer.from(text))
  assert.deepEqual(fromBytes.value, fromText.value)
  assert.equal(fromBytes.tree, true)
  assert.equal(fromBytes.text, text)
  assert.deepEqual(fromBytes.locate('#/info/version'), { line: 3, column: 42 })
  assert.deepEqual(fromBytes.locate('#/info/version'), fromText.locate('#/info/version'))
  // A YAML file, a broken JSON file and one with a byte order mark go the way their text goes.
  assert.deepEqual(parseSource('api.yaml', Buffer.from('a: é\nb: [1]\n')).value, { a: 'é', b: [1] })
  assert.throws(() => parseSource('api.json', Buffer.from('{\n  "a": 1,\n  "a" 2\n}\n')), /api\.json:3:/)
  assert.deepEqual(parseSource('api.json', Buffer.from('\uFEFF{"a": "é"}')).value, parseSource('api.json', '\uFEFF{"a": "é"}').value)
})
