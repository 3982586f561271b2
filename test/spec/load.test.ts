import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadApi, loadApis, SpecError } from '../../src/spec/index.js'
import type { JsonObject } from '../../src/spec/index.js'
import { sourcesOf } from '../../src/spec/lint.js'
import { parse } from 'yaml'
import { fixture, valuesOf } from './helpers.js'

const versions = ['2.0', '3.0', '3.1'] as const

function withoutKey(node: unknown, key: string): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutKey(n, key))
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).filter(([k]) => k !== key).map(([k, v]) => [k, withoutKey(v, key)]))
}

test('one API written as Swagger 2.0, OpenAPI 3.0 and 3.1 loads to the same 3.1 document', async () => {
  const apis = await Promise.all(versions.map((v) => loadApi(fixture(`versions/pets-${v}.yaml`))))
  assert.deepEqual(apis.map((a) => a.sourceVersion), ['2.0', '3.0', '3.1'])
  // x-nullable is the 2.0 spelling; it is kept (vendor extensions pass through) beside its meaning.
  const [from20, from30, from31] = apis.map((a) => withoutKey(a.document, 'x-nullable') as JsonObject)
  for (const part of ['openapi', 'servers', 'paths', 'components'] as const) {
    assert.deepEqual(from20?.[part], from31?.[part], `2.0 ${part}`)
    assert.deepEqual(from30?.[part], from31?.[part], `3.0 ${part}`)
  }
  assert.equal(Object.keys(apis[0]!.document)[0], 'openapi')
})

test('the loaded API keeps the entry as written, and its internal $refs', async () => {
  const file = fixture('versions/pets-2.0.yaml')
  const api = await loadApi(file)
  assert.equal(api.name, 'pets-2.0')
  assert.equal(api.file, file)
  assert.equal(api.source, readFileSync(file, 'utf8'))
  assert.equal(api.original.swagger, '2.0')
  assert.ok((api.original.definitions as JsonObject).Pet, 'original is not upgraded')
  const schemas = (api.document.components as JsonObject).schemas as Record<string, JsonObject>
  // Recursive Pet -> Owner -> Pet stays a reference, never a dereferenced cycle.
  assert.deepEqual((schemas.Owner?.properties as JsonObject).pets, { type: 'array', items: { $ref: '#/components/schemas/Pet' } })
  assert.deepEqual(schemas.Pet?.['x-persist'], { table: 'pets', key: 'id' })
  const listPets = ((api.document.paths as JsonObject)['/pets'] as JsonObject).get as JsonObject
  assert.equal(listPets['x-bind-server'], 'src/handlers/pets#listPets')
  assert.doesNotThrow(() => JSON.stringify(api.document))
})

test('a document upgraded in place (a tree from one file) still keeps the entry as written, and locates in it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-inplace-'))
  for (const [name, text] of [
    ['pets.json', JSON.stringify(parse(readFileSync(fixture('versions/pets-3.0.yaml'), 'utf8')), null, 2)],
    ['pets.yaml', readFileSync(fixture('versions/pets-3.0.yaml'), 'utf8')],
    // Anchors may share objects: such a document is upgraded on a copy.
    ['aliased.yaml', 'openapi: 3.0.3\ninfo: { title: t, version: "1", x-data: &v { example: 1 } }\npaths:\n  /a: { get: { responses: { "200": { description: ok, content: { application/json: { examples: { one: { value: *v } } } } } } } }\n'],
  ]) {
    const file = join(dir, name!)
    writeFileSync(file, text!)
    const api = await loadApi(file)
    const asWritten = parse(text!) as JsonObject
    assert.deepEqual(api.original, asWritten, `${name}: original is the document as written`)
    assert.equal(api.document.openapi, '3.1.0')
    assert.notEqual(api.original.openapi, '3.1.0')
    const place = sourcesOf(api).trace(['paths', Object.keys(asWritten.paths as JsonObject)[0]!, 'get'])
    assert.ok(place.line !== undefined && place.line > 1 && place.pointer.endsWith('/get'), `${name}: ${JSON.stringify(place)}`)
  }
  const aliased = await loadApi(join(dir, 'aliased.yaml'))
  // The upgrader rewrites `example` in an extension but not in an example's value: one shared object, two outcomes.
  assert.deepEqual((aliased.document.info as JsonObject)['x-data'], { examples: { default: { value: 1 } } })
  const media = ((((aliased.document.paths as JsonObject)['/a'] as JsonObject).get as JsonObject).responses as Record<string, any>)['200'].content['application/json']
  assert.deepEqual(media.examples.one.value, { example: 1 })
})

test('$refs across files become one self-contained document', async () => {
  const api = await loadApi(fixture('crossfile/apis/main.yaml'))
  const refs = valuesOf(api.document, '$ref') as string[]
  assert.ok(refs.length > 0)
  for (const ref of refs) {
    assert.match(ref, /^#\//, `external ref left: ${ref}`)
    const target = ref.slice(2).split('/').map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
    const found = target.reduce<unknown>((node, t) => (node as JsonObject | undefined)?.[t], api.document)
    assert.ok(found, `${ref} resolves inside the document`)
  }
  const profile = ((api.document.components as JsonObject).schemas as JsonObject).Profile as JsonObject
  const properties = profile.properties as JsonObject
  assert.deepEqual(properties.friends, { type: 'array', items: { $ref: '#/components/schemas/Profile' } })
  assert.deepEqual((properties.address as JsonObject).properties, { street: { type: 'string' }, city: { type: 'string' } })
  // The path item came from ./paths/profile.yaml, with its extension.
  const getProfile = ((api.document.paths as JsonObject)['/profiles/{profile_id}'] as JsonObject).get as JsonObject
  assert.equal(getProfile['x-bind-server'], 'src/handlers/profiles#getProfile')
  assert.deepEqual(api.original.components, { schemas: { Profile: { $ref: './schemas/common.yaml#/Profile' } } })
})

test('loadApis loads the files directly in the folder, sorted, whatever their format', async () => {
  const apis = await loadApis(fixture('crossfile/apis'))
  // schemas/ and paths/ are shared files, not APIs; extra.json is Swagger 2.0 in JSON.
  assert.deepEqual(apis.map((a) => [a.name, a.sourceVersion]), [['extra', '2.0'], ['main', '3.1']])
  assert.equal(apis[0]?.document.openapi, '3.1.0')
})

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-spec-'))
  for (const [name, text] of Object.entries(files)) {
    if (name.endsWith('/')) mkdirSync(join(dir, name))
    else writeFileSync(join(dir, name), text)
  }
  return dir
}

async function loadError(dir: string): Promise<SpecError> {
  const err = await loadApis(dir).then(() => undefined, (e: unknown) => e)
  assert.ok(err instanceof SpecError, `expected a SpecError, got ${String(err)}`)
  return err
}

test('a missing or empty APIs folder is a SpecError saying so', async () => {
  const missing = join(tmpdir(), 'macaron-no-such-folder-' + process.pid)
  const absent = await loadError(missing)
  assert.equal(absent.problems[0]?.file, missing)
  assert.match(absent.message, /the APIs folder does not exist/)
  const empty = await loadError(folder({ 'notes.txt': 'not an API', 'shared/': '' }))
  assert.match(empty.message, /has no \.yaml, \.yml or \.json file/)
})

test('two files for one API name are refused', async () => {
  const doc = 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: {}\n'
  const err = await loadError(folder({ 'pets.yaml': doc, 'pets.json': JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }) }))
  assert.match(err.message, /two files define the API 'pets': pets\.json and pets\.yaml/)
})

test('loadApis reports the problems of every broken API at once', async () => {
  const good = 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: {}\n'
  const dir = folder({ 'a.yaml': 'openapi: 3.1.0\ninfo: [\n', 'b.yaml': good, 'c.yaml': 'swagger: 2.0\n' })
  const err = await loadError(dir)
  assert.deepEqual(err.problems.map((p) => [p.file, p.line]), [[join(dir, 'a.yaml'), 3], [join(dir, 'c.yaml'), 1]])
  assert.match(err.problems[1]!.message, /quote it/)
})
