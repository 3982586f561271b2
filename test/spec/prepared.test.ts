// A large document is kept in a prepared form (src/spec/prepared.ts): the next start reads
// its skeleton and the list of its operations, and parses a path item or a component only
// when something reads it. The document must be the same value either way.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { createApp } from '../../src/index.js'
import { buildModels } from '../../src/models/build.js'
import { collectOperations } from '../../src/pipeline/operations.js'
import { CHECKED_SPECS_FOLDER, preparedEntry } from '../../src/spec/checked-cache.js'
import { loadApi } from '../../src/spec/index.js'
import { PREPARED_MIN_BYTES } from '../../src/spec/prepared.js'
import { SourceSet, unparsed } from '../../src/spec/sources.js'
import type { JsonObject, LoadedApi } from '../../src/spec/types.js'
import { testClient } from '../../src/testing/index.js'

const root = new URL('../../', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'macaron-prepared-'))

/**
 * The pets 3.0 fixture grown past PREPARED_MIN_BYTES with generated resources (nullable
 * fields, so the upgrade rewrites them), a path item that is a `$ref`, a string that
 * begins with NUL where parts are set aside, and a backslash before a non-ASCII character
 * (which JSON.stringify writes as it is) inside a part.
 */
function largeDocument(tag: string, options: { bind?: boolean; persist?: boolean } = {}): JsonObject {
  const doc = parse(readFileSync(join(root, 'test/fixtures/pets/v30/apis/pets.yaml'), 'utf8')) as JsonObject
  const paths = doc.paths as JsonObject
  const schemas = (doc.components as JsonObject).schemas as JsonObject
  // About 2.3 KB a resource, so that few operations make the size (an app compiles them all).
  const prose = 'A long description. '.repeat(80)
  for (let i = 0; i < PREPARED_MIN_BYTES / 2000; i++) {
    schemas[`Thing${i}`] = {
      type: 'object',
      required: ['id'],
      description: `Thing ${i}: \\é ünïcode ${tag}. ${prose}`,
      properties: { id: { type: 'integer' }, label: { type: 'string', nullable: true }, weight: { type: 'number', minimum: 0 } },
    }
    paths[`/things${i}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: {
        operationId: `getThing${i}`,
        ...(i % 3 === 0 ? { security: [] } : {}),
        ...(options.bind !== false && i % 5 === 0 ? { 'x-bind-server': `handlers/things#get${i}` } : {}),
        responses: { '200': { description: 'A thing', content: { 'application/json': { schema: { $ref: `#/components/schemas/Thing${i}` } } } } },
      },
    }
  }
  if (options.persist) {
    schemas.Keeper = { type: 'object', description: prose, 'x-persist': { table: 'keepers', key: 'id' }, properties: { id: { type: 'string' } } }
    schemas.KeeperAlias = { $ref: '#/components/schemas/Keeper', description: prose }
  }
  paths['x-note'] = '\u0000 a string of the document that begins with NUL'
  ;(doc.components as JsonObject)['x-notes'] = { first: '\u0000\u0000two NULs', second: 'plain' }
  return doc
}

function writeDocument(doc: JsonObject): string {
  const folder = join(dir, randomUUID())
  mkdirSync(join(folder, 'apis'), { recursive: true })
  const file = join(folder, 'apis', 'things.json')
  writeFileSync(file, JSON.stringify(doc, null, 1))
  return file
}

function entryOf(file: string): string {
  const sources = new SourceSet(file)
  sources.add(unparsed(file, readFileSync(file)))
  return preparedEntry(file, sources.digest()).path
}

/** Whether the document's path item at `path` is still set aside (not parsed). */
function setAside(api: LoadedApi, path: string): boolean {
  return typeof Object.getOwnPropertyDescriptor(api.document.paths as object, path)?.get === 'function'
}

function operationsView(api: LoadedApi) {
  return collectOperations(api).map((op) => ({
    id: op.operationId,
    method: op.method,
    path: op.path,
    pointer: op.pointer,
    security: op.security,
    bind: op.member('x-bind-server'),
    parameters: op.parameters,
    requestBody: op.requestBody,
    responses: op.responses,
  }))
}

test('a large document loads from its prepared form as the same value, parsing only what is read', async () => {
  const file = writeDocument(largeDocument(randomUUID()))
  assert.ok(readFileSync(file).length >= PREPARED_MIN_BYTES)
  const first = await loadApi(file)
  assert.equal(existsSync(entryOf(file)), false, 'not prepared on its first start (a container would pay for it on every start)')
  const cold = await loadApi(file)
  assert.ok(existsSync(entryOf(file)), 'its second start writes the prepared form')
  assert.deepEqual(first.document, cold.document)
  const coldOperations = operationsView(cold)

  const warm = await loadApi(file)
  assert.ok(setAside(warm, '/things0/{id}') && setAside(warm, '/pets'), 'a path item is parsed on first read, not at load')
  const listed = collectOperations(warm)
  assert.equal(listed.length, coldOperations.length)
  assert.equal(listed.find((op) => op.operationId === 'getThing5')?.member('x-bind-server'), 'handlers/things#get5')
  assert.deepEqual(listed.find((op) => op.operationId === 'getThing3')?.security, [])
  assert.ok(setAside(warm, '/things0/{id}') && setAside(warm, '/pets'), 'listing the operations and their ids, security and bindings parses no path item')

  assert.equal(warm.sourceVersion, cold.sourceVersion)
  assert.deepEqual(warm.warnings, cold.warnings)
  assert.equal(JSON.stringify(warm.document), JSON.stringify(cold.document), 'the same members in the same order')
  assert.deepEqual(warm.document, cold.document)
  assert.equal((warm.document.paths as JsonObject)['x-note'], '\u0000 a string of the document that begins with NUL')
  assert.deepEqual((warm.document.components as JsonObject)['x-notes'], { first: '\u0000\u0000two NULs', second: 'plain' })
  assert.equal(((warm.document.components as { schemas: Record<string, JsonObject> }).schemas.Thing7!.properties as { label: unknown }).label !== undefined, true)
  assert.deepEqual(operationsView(warm), coldOperations)
  assert.deepEqual(warm.original, cold.original)
  assert.equal(warm.source, readFileSync(file, 'utf8'))
})

test('a part set aside can be replaced before and after it is read', async () => {
  const file = writeDocument(largeDocument(randomUUID()))
  await loadApi(file)
  await loadApi(file)
  const warm = await loadApi(file)
  const schemas = (warm.document.components as JsonObject).schemas as JsonObject
  schemas.Thing1 = { type: 'string' }
  assert.deepEqual(schemas.Thing1, { type: 'string' })
  assert.equal((schemas.Thing2 as JsonObject).type, 'object')
  schemas.Thing2 = { type: 'boolean' }
  assert.deepEqual(schemas.Thing2, { type: 'boolean' })
  delete schemas.Thing3
  assert.equal('Thing3' in schemas, false)
})

test('a prepared form cut short or changed is not used: the document loads from its source and is prepared again', async () => {
  const file = writeDocument(largeDocument(randomUUID()))
  await loadApi(file)
  const cold = await loadApi(file)
  const entry = entryOf(file)
  const whole = readFileSync(entry)
  const headerEnd = whole.indexOf(0x0a) + 1 + Number(/ (\d+)\n/.exec(whole.subarray(0, 64).toString())![1])
  const cuts = [whole.length >> 1, headerEnd - 10, headerEnd >> 1, 20].map((end) => whole.subarray(0, end))
  for (const broken of [...cuts, Buffer.from('macaron-prepared 0 2\n{}'), Buffer.from('macaron-prepared 1 2\n{}'), Buffer.from('macaron-prepared 1 15\n{"skeleton":{}}'), Buffer.from('{"format":1}\n')]) {
    writeFileSync(entry, broken)
    const api = await loadApi(file)
    assert.deepEqual(api.document, cold.document)
    assert.deepEqual(readFileSync(entry), whole, 'prepared again, whole')
  }
})

test('a changed document is prepared again and its older prepared form removed; a small one is never prepared', async () => {
  const doc = largeDocument(randomUUID())
  const file = writeDocument(doc)
  await loadApi(file)
  await loadApi(file)
  const first = entryOf(file)
  assert.ok(existsSync(first))
  ;(doc.info as JsonObject).version = '9.9.9'
  writeFileSync(file, JSON.stringify(doc))
  await loadApi(file)
  const api = await loadApi(file)
  assert.equal((api.document.info as JsonObject).version, '9.9.9')
  assert.ok(existsSync(entryOf(file)))
  assert.equal(existsSync(first), false, 'the older prepared form of the file is removed')

  const small = writeDocument(parse(readFileSync(join(root, 'test/fixtures/pets/v30/apis/pets.yaml'), 'utf8')) as JsonObject)
  await loadApi(small)
  await loadApi(small)
  assert.equal(existsSync(entryOf(small)), false)
})

test('a YAML document with a number JSON cannot write (.inf) is not prepared, and still loads', async () => {
  const doc = largeDocument(randomUUID())
  const folder = join(dir, randomUUID())
  mkdirSync(join(folder, 'apis'), { recursive: true })
  const file = join(folder, 'apis', 'things.yaml')
  // Flow-style YAML after a comment: not a JSON text, so js-yaml reads it and `.inf` is a number.
  writeFileSync(file, `# generated\n${JSON.stringify(doc).replace('"minimum":0', '"minimum":0,"maximum":.inf')}\n`)
  await loadApi(file)
  const api = await loadApi(file)
  const weight = ((api.document.components as { schemas: Record<string, { properties: { weight: JsonObject } }> }).schemas.Thing0!.properties.weight)
  assert.equal(weight.maximum, Infinity)
  assert.equal(existsSync(entryOf(file)), false)
  assert.ok(readdirSync(CHECKED_SPECS_FOLDER).every((name) => !name.endsWith('.tmp') || !name.includes(String(process.pid))), 'no temporary file is left')
})

test('an app started from a prepared document answers as one started from the source', async () => {
  // Every operation mocked: no handler files.
  const file = writeDocument(largeDocument(randomUUID(), { bind: false }))
  const folder = join(file, '..', '..')
  const answers: string[][] = []
  for (let start = 0; start < 3; start++) {
    const app = await createApp({ dir: folder, logger: false, overrides: { mock: true } })
    assert.equal(setAside(app.apis[0]!, '/pets'), start === 2, 'the third start reads the form the second wrote')
    const schemas = (app.apis[0]!.document.components as { schemas: object }).schemas
    assert.equal(typeof Object.getOwnPropertyDescriptor(schemas, 'Thing9')?.get, start === 2 ? 'function' : 'undefined', 'a plain schema is not parsed to make its model')
    const Thing9 = (app.models as Record<string, { fromJson(json: unknown): { id?: unknown } }>).Thing9!
    assert.equal(Thing9.fromJson({ id: 3, label: null, weight: 1 }).id, 3)
    assert.throws(() => Thing9.fromJson({ id: 'x' }), /'id' must be integer/)
    const client = testClient(app)
    try {
      answers.push(
        await Promise.all(
          ['/things42/7', '/things42/x', '/pets', '/nowhere'].map(async (path) => {
            const res = await client.get(path)
            return `${res.status} ${res.text}`
          }),
        ),
      )
    } finally {
      await app.close()
    }
  }
  assert.match(answers[0]![0]!, /^200 /)
  assert.match(answers[0]![1]!, /^400 /)
  for (const later of answers.slice(1)) assert.deepEqual(later.map(withoutIds), answers[0]!.map(withoutIds))
})

/** Error bodies carry a fresh error_id and request_id. */
function withoutIds(answer: string): string {
  return answer.replace(/"(error_id|request_id)":"[^"]+"/g, '"$1":"-"')
}

test('models of a prepared document: only schemas with x-persist or a $ref are read to make them', async () => {
  const file = writeDocument(largeDocument(randomUUID(), { persist: true }))
  const asked = async (api: LoadedApi) => {
    const names: string[] = []
    const models = await buildModels([api], async (_api, name, schema) => {
      names.push(name)
      assert.equal(typeof schema, 'object')
      return undefined
    })
    return { names, models: models.things! }
  }
  await loadApi(file)
  const cold = await asked(await loadApi(file))
  const warm = await asked(await loadApi(file))
  assert.ok(cold.names.includes('Thing9') && cold.names.includes('Keeper'))
  assert.deepEqual(warm.names.filter((n) => n.startsWith('Keeper')), ['Keeper', 'KeeperAlias'])
  assert.equal(warm.names.includes('Thing9'), false, 'a plain schema set aside is not handed to classFor')
  assert.deepEqual(Object.keys(warm.models), Object.keys(cold.models), 'a model for every schema, in order')
})

test('the folder of prepared forms is trusted only if it is this user\'s alone: one others can write to is neither read nor written', { skip: process.getuid === undefined ? 'no uids on this OS' : false }, async () => {
  // A child process with its own temp folder, where the folder is made writable by others
  // first (as another account could make it in a shared /tmp).
  const temp = mkdtempSync(join(tmpdir(), 'macaron-prepared-tmp-'))
  const folder = join(temp, `macaron-checked-specs-${process.getuid!()}`)
  mkdirSync(folder)
  chmodSync(folder, 0o777)
  const file = writeDocument(largeDocument(randomUUID()))
  const script = join(temp, 'load.mts')
  writeFileSync(script, `import { loadApi } from ${JSON.stringify(join(root, 'src/spec/index.ts'))}\nfor (let i = 0; i < 3; i++) { const api = await loadApi(${JSON.stringify(file)}); console.log(typeof Object.getOwnPropertyDescriptor(api.document.paths, '/pets')?.get) }\n`)
  const run = () => execFileSync(process.execPath, ['--conditions=macaron-source', '--import', 'tsx', script], { env: { ...process.env, TMPDIR: temp }, encoding: 'utf8' }).trim().split('\n')
  assert.deepEqual(run(), ['undefined', 'undefined', 'undefined'], 'not prepared where others can write')
  assert.deepEqual(readdirSync(folder), [], 'nothing written there')
  chmodSync(folder, 0o700)
  assert.deepEqual(run(), ['undefined', 'undefined', 'function'], 'prepared on the second start, then read, once the folder is private')
})

test('macaron prepare keeps the checks and the prepared form, so that the first start of a new process reads it; a broken document exits 1 with file and line', { skip: process.getuid === undefined ? 'no uids on this OS' : false }, () => {
  // A temp folder of its own, as an image's build would have, where nothing was kept before.
  const temp = mkdtempSync(join(tmpdir(), 'macaron-prepare-tmp-'))
  const env = { ...process.env, TMPDIR: temp }
  const file = writeDocument(largeDocument(randomUUID(), { bind: false }))
  const project = join(file, '..', '..')
  writeFileSync(join(project, 'apis', 'pets.yaml'), readFileSync(join(root, 'test/fixtures/pets/v30/apis/pets.yaml')))
  // A command line as a user types it, in the folder it is typed in (docs/spec.md).
  const macaron = (command: string, cwd: string) => spawnSync(process.execPath, [join(root, 'bin/macaron.js'), ...command.split(' ').slice(1)], { cwd, env, encoding: 'utf8' })
  const run = macaron('macaron prepare', project)
  assert.equal(run.status, 0, run.stdout + run.stderr)
  const folder = join(temp, `macaron-checked-specs-${process.getuid!()}`)
  const forms = readdirSync(folder).filter((name) => name.startsWith('prepared-'))
  assert.equal(forms.length, 1, 'one prepared form: the large document\'s')
  assert.ok(run.stdout.includes(`${file} (`) && run.stdout.includes(`checks and prepared form kept (${join(folder, forms[0]!)})`), run.stdout)
  assert.match(run.stdout, /pets\.yaml \(0\.0 MB\): checks kept\n/)
  assert.match(run.stdout, /2 API\(s\) prepared in /)
  // A new process, as a container's first start: the document comes from the form at once.
  const script = join(temp, 'load.mts')
  writeFileSync(script, `import { loadApi } from ${JSON.stringify(join(root, 'src/spec/index.ts'))}\nconst api = await loadApi(${JSON.stringify(file)}); console.log(typeof Object.getOwnPropertyDescriptor(api.document.paths, '/pets')?.get)\n`)
  const first = execFileSync(process.execPath, ['--conditions=macaron-source', '--import', 'tsx', script], { env, encoding: 'utf8' }).trim()
  assert.equal(first, 'function', 'the first start reads the prepared form')
  const again = macaron('macaron prepare', project)
  assert.equal(again.status, 0)
  assert.deepEqual(readdirSync(folder).filter((name) => name.startsWith('prepared-')), forms, 'preparing again keeps the same form')
  const broken = macaron('macaron prepare test/fixtures/cli/broken-yaml', root)
  assert.equal(broken.status, 1)
  assert.match(broken.stdout, /broken\.yaml:8:1: Flow map in block collection must be sufficiently indented/)
})
