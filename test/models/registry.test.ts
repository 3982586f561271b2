import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findModel, findModelsNamed, modelNameOf, registerModel } from '../../src/models/registry.js'

class Thing {
  constructor(readonly json: unknown) {}
  static fromJson(json: unknown): Thing {
    return new Thing(json)
  }
}
class SpecialThing extends Thing {}

test('a registered model is found by API and name, and instances (also of subclasses) name their schema', () => {
  registerModel('registry-test', 'Thing', Thing)
  assert.equal(findModel('registry-test', 'Thing'), Thing)
  assert.equal(findModel('registry-test', 'Other'), undefined)
  assert.deepEqual(modelNameOf(new Thing({})), { api: 'registry-test', name: 'Thing' })
  assert.deepEqual(modelNameOf(new SpecialThing({})), { api: 'registry-test', name: 'Thing' })
  assert.deepEqual(modelNameOf(Thing), { api: 'registry-test', name: 'Thing' })
  assert.equal(modelNameOf({}), undefined)
  assert.equal(modelNameOf(null), undefined)
  assert.equal(modelNameOf('Thing'), undefined)
  assert.deepEqual(findModelsNamed('Thing').map((r) => r.api), ['registry-test'])
})

test('a round trip through the registry rebuilds an instance', () => {
  registerModel('registry-test', 'Thing', Thing)
  const ref = modelNameOf(new Thing({ a: 1 }))!
  const again = findModel(ref.api, ref.name)!.fromJson({ a: 1 }) as Thing
  assert.ok(again instanceof Thing)
  assert.deepEqual(again.json, { a: 1 })
})
