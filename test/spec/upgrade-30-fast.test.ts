import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parseSource } from '../../src/util/yaml-source.js'
import type { JsonObject } from '../../src/spec/index.js'
import { walkSpec } from '../../src/spec/spec-walk.js'
import { upgrade30To31 } from '../../src/spec/upgrade-30.js'
import { fixSchema } from '../../src/spec/upgrade.js'
import { referenceUpgrade30 } from './upgrade-reference.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Key order and undefined values count: JSON with undefined made visible. */
function ordered(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v === undefined ? '\u0000undefined' : v), 1)
}

function assertSameUpgrade(doc: JsonObject, label: string): void {
  const before = ordered(doc)
  const fast = upgrade30To31(doc)
  assert.equal(ordered(doc), before, `${label}: the input is left as it was`)
  const expected = ordered(referenceUpgrade30(doc))
  assert.equal(ordered(fast), expected, label)
  const given = structuredClone(doc)
  assert.equal(ordered(upgrade30To31(given, { inPlace: true })), expected, `${label}, in place`)
  // The 2020-12 fix-ups run inside the walk: the same as a walk of their own afterwards.
  const twoWalks = upgrade30To31(doc)
  walkSpec(twoWalks, (obj, isNameMap) => isNameMap || fixSchema(obj))
  assert.equal(ordered(upgrade30To31(doc, { fix: fixSchema })), ordered(twoWalks), `${label}, fixed in the walk`)
  assert.equal(ordered(upgrade30To31(structuredClone(doc), { inPlace: true, fix: fixSchema })), ordered(twoWalks), `${label}, fixed in the walk, in place`)
}

/** Every branch of the upgrader, in the places where its rules differ. */
const EVERYTHING: JsonObject = {
  openapi: '3.0.3',
  info: { title: 't', version: '1', 'x-logo': { example: 'kept: an extension is not shielded' } },
  'x-webhooks': {
    ping: {
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Owner', nullable: true, description: 'anyOf once fixed' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  paths: {
    '/files/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'byte' }, example: 'aGk=' }],
      get: {
        parameters: [
          { name: 'example', in: 'query', schema: { type: 'integer', minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false }, example: 3 },
          { name: 'q', in: 'query', schema: { type: 'string', nullable: true, 'x-nullable': true }, examples: { one: { value: { example: 1, type: 'string', format: 'binary' } } } },
        ],
        responses: {
          '200': {
            description: 'the file',
            content: {
              'application/octet-stream': { schema: { type: 'string', format: 'binary' }, example: 'x' },
              'application/json': {
                schema: { $ref: '#/components/schemas/Pet' },
                example: { example: { example: 1 }, name: 'a', list: [[{ example: 2, 'x-nullable': true }]] },
                examples: { first: { value: { example: 3 } }, properties: { examples: { x: { example: 4 } } } },
              },
              'text/plain': { schema: { type: 'string', format: 'base64', example: 'aGk=' } },
              'image/png': { schema: { type: 'string', format: 'byte' } },
            },
          },
        },
      },
      post: {
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  file: { type: 'string', format: 'binary' },
                  example: { type: 'string', format: 'binary', example: 'named example' },
                  meta: { type: 'object', properties: { inner: { type: 'string', format: 'binary' } } },
                },
              },
            },
          },
        },
        responses: { default: { description: 'd', headers: { example: { schema: { type: 'string' }, example: 'h' } } } },
      },
    },
  },
  components: {
    schemas: {
      Pet: {
        type: 'object',
        'x-nullable': true,
        required: ['name'],
        properties: {
          name: { type: 'string', example: 'Rex', default: { example: 'd' } },
          example: { type: 'string', example: 'a property called example' },
          age: { type: 'integer', nullable: true, minimum: 0, exclusiveMinimum: true, enum: [1, 2, { example: 3 }] },
          tags: { type: 'array', items: { type: 'string', nullable: true }, example: [['a'], ['b']] },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true, example: { example: 'x' } },
          data: { type: 'string', format: 'byte', 'x-meta': { example: 1, format: 'byte', type: 'string' } },
          nested: { oneOf: [[{ 'x-nullable': true, type: 'string' }, { 'x-nullable': true, $ref: '#/components/schemas/Owner' }], { not: { type: 'string', example: 'n' } }] },
          choice: { type: 'string', enum: ['a', 'b'], nullable: true },
        },
        additionalProperties: { type: 'string', exclusiveMaximum: true, maximum: 3 },
      },
      Owner: { type: 'object', properties: { name: { type: 'string' } }, const: { type: 'string', format: 'binary' } },
      example: { type: 'string', example: 'a schema called example' },
      LegacySchema: { type: 'number', example: 1.5 },
    },
    parameters: { example: { name: 'example', in: 'header', schema: { type: 'string' }, example: 'p' } },
    examples: { example: { value: { example: 'v' } } },
    requestBodies: { upload: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } },
  },
}

test('the one-walk 3.0 -> 3.1 upgrade gives the same document as @scalar/openapi-upgrader, every rule', () => {
  assertSameUpgrade(EVERYTHING, 'every rule')
  const upgraded = upgrade30To31(EVERYTHING) as Record<string, any>
  // A few of the rules, spelled out, so that agreeing with the reference cannot mean agreeing on nothing.
  assert.deepEqual(upgraded.webhooks, EVERYTHING['x-webhooks'])
  const fixed = upgrade30To31(EVERYTHING, { fix: fixSchema }) as Record<string, any>
  assert.deepEqual(fixed.webhooks.ping.post.requestBody.content['application/json'].schema, { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }], description: 'anyOf once fixed' })
  assert.deepEqual(fixed.components.schemas.Pet.properties.nested.oneOf[0][1], { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }], 'x-nullable': true })
  assert.deepEqual(fixed.components.schemas.Pet.properties.choice.enum, ['a', 'b', null])
  assert.deepEqual(upgraded.components.schemas.Pet.properties.age.type, ['integer', 'null'])
  assert.equal(upgraded.components.schemas.Pet.properties.age.exclusiveMinimum, 0)
  assert.deepEqual(upgraded.components.schemas.Pet.properties.name.examples, ['Rex'])
  assert.ok('example' in upgraded.components.schemas.Pet.properties, 'a property called example keeps its name')
  assert.deepEqual(upgraded.paths['/files/{id}'].get.responses['200'].content['application/octet-stream'], {})
  assert.equal(upgraded.paths['/files/{id}'].post.requestBody.content['multipart/form-data'].schema.properties.file.contentMediaType, 'application/octet-stream')
  assert.equal(upgraded.components.schemas.Pet['x-nullable'], true)
  assert.deepEqual(upgraded.components.schemas.Pet.type, ['object', 'null'])
})

test('the one-walk upgrade agrees with the reference on every OpenAPI 3.0 document of the project', () => {
  let count = 0
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (name === 'node_modules' || name.startsWith('.')) continue
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.(ya?ml|json)$/.test(name)) {
        const text = readFileSync(path, 'utf8')
        if (!/openapi["']?\s*:\s*["']?3\.0/.test(text)) continue
        let value: unknown
        try {
          value = parseSource(path, text).value
        } catch {
          continue // a broken fixture
        }
        if (value === null || typeof value !== 'object' || !String((value as JsonObject).openapi).startsWith('3.0')) continue
        assertSameUpgrade(value as JsonObject, path)
        count++
      }
    }
  }
  for (const dir of ['test', 'examples', 'docs']) walk(join(ROOT, dir))
  assert.ok(count >= 5, `only ${count} documents found`)
})
