import assert from 'node:assert/strict'
import { test } from 'node:test'
import { splitPointer } from '../../src/util/yaml-source.js'

test('splitPointer: tokens unescaped (~1, ~0) after percent-decoding, only where there is something to undo', () => {
  assert.deepEqual(splitPointer('#/paths/~1items~1%7Bid%7D/get'), ['paths', '/items/{id}', 'get'])
  assert.deepEqual(splitPointer('#/components/schemas/Item'), ['components', 'schemas', 'Item'])
  assert.deepEqual(splitPointer('#/a~0b/c~01'), ['a~b', 'c~1'])
  assert.deepEqual(splitPointer('#/100%/x%2Fy'), ['100%', 'x/y'])
  assert.deepEqual(splitPointer('#/a%7E1b'), ['a/b'], 'decoded first, then unescaped, as before')
  assert.deepEqual(splitPointer('/a//b'), ['a', '', 'b'])
  assert.deepEqual(splitPointer('#'), [])
  assert.deepEqual(splitPointer('#/'), [])
})
