import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { buildModels } from '../../src/models/build.js'
import { modelNameOf } from '../../src/models/registry.js'
import { loadApis } from '../../src/spec/index.js'
import { isApiError } from '../../src/errors/api-error.js'

const apis = await loadApis(resolve(import.meta.dirname, '../fixtures/models/apis'))
const { shapes } = await buildModels(apis)
const Shape = shapes!.Shape!
const Point = shapes!.Point!

test('fromJson validates the whole object (readOnly and writeOnly fields included), fills defaults, and toJson gives it back', () => {
  const shape = Shape.fromJson({ shape_id: 's1', name: 'square', secret: 'x', origin: { x: 1.5, y: -2 } })
  assert.equal(shape.constructor.name, 'Shape')
  assert.equal(shape.sides, 0)
  assert.deepEqual(shape.toJson(), { shape_id: 's1', name: 'square', sides: 0, secret: 'x', origin: { x: 1.5, y: -2 } })
  assert.deepEqual(JSON.parse(JSON.stringify(shape)), shape.toJson())
  assert.deepEqual(modelNameOf(shape), { api: 'shapes', name: 'Shape' })
})

test('fromJson refuses an invalid object with INVALID_MODEL and field details', () => {
  try {
    Shape.fromJson({ shape_id: 's1', name: '', sides: 1.5, colour: 'red' })
    assert.fail('should throw')
  } catch (error) {
    assert.ok(isApiError(error))
    assert.equal(error.code, 'INVALID_MODEL')
    assert.equal(error.status, 400)
    const fields = (error.details as { errors: Array<{ field: string; location: string }> }).errors
    assert.deepEqual(fields.map((f) => f.field).sort(), ['colour', 'name', 'sides'])
    assert.ok(fields.every((f) => f.location === 'body'))
    assert.match(error.message, /^Shape is invalid: /)
  }
})

test('byte fields become Buffers, Dates are written as the schema string, int64 beyond 2^53 stays exact', () => {
  const big = 2n ** 60n + 1n
  const shape = Shape.fromJson({ shape_id: 's', name: 'n', blob: Buffer.from('hi').toString('base64'), drawn_at: new Date('2026-01-02T03:04:05.000Z'), big })
  assert.ok(Buffer.isBuffer(shape.blob))
  assert.equal(shape.blob.toString(), 'hi')
  assert.equal(shape.drawn_at, '2026-01-02T03:04:05.000Z')
  assert.equal(shape.big, big)
  assert.equal(shape.toJson().big, big)
  assert.equal(shape.toJSON().big, big.toString())
  const again = Shape.fromJson(JSON.parse(JSON.stringify(shape)))
  assert.equal(again.big, big, 'toJSON and fromJson round-trip int64 exactly')
  assert.deepEqual(again.diff(shape), [])
  assert.throws(() => Shape.fromJson({ shape_id: 's', name: 'n', big: '12' }), /'big' must be integer/)
  assert.equal(shape.toJson().blob, 'aGk=')
})

test('clone is a deep copy of the same class; diff names the changed top-level fields', () => {
  const a = Shape.fromJson({ shape_id: 's', name: 'n', tags: ['a'], origin: { x: 0, y: 0 } })
  const b = a.clone()
  assert.ok(b instanceof Shape)
  assert.deepEqual(a.diff(b), [])
  b.tags.push('b')
  b.name = 'other'
  b.area = 2
  assert.deepEqual(a.tags, ['a'])
  assert.deepEqual(a.diff(b), ['area', 'name', 'tags'])
})

test('update sets fields in memory and validates; an invalid update leaves the model as it was', () => {
  const p = Point.fromJson({ x: 1, y: 2 })
  p.update({ x: 3 })
  assert.deepEqual(p.toJson(), { x: 3, y: 2 })
  assert.throws(() => p.update({ y: 'no' }), (e: unknown) => isApiError(e) && e.code === 'INVALID_MODEL')
  assert.deepEqual(p.toJson(), { x: 3, y: 2 })
  assert.throws(() => p.update({ y: undefined }), /Point is invalid: 'y' is required/)
  assert.deepEqual(p.toJson(), { x: 3, y: 2 })
})
