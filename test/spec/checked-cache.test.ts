// A document that passed the meta-schema and parameter checks is not checked again on the
// next start (src/spec/checked-cache.ts): entries are named by a digest of its files and the versions
// involved, only success is remembered, and any change to the text is a new digest.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { passedBefore, rememberPassed } from '../../src/spec/checked-cache.js'
import { loadApi, SpecError } from '../../src/spec/index.js'
import { SourceSet } from '../../src/spec/sources.js'
import { parseSource } from '../../src/util/yaml-source.js'

const dir = mkdtempSync(join(tmpdir(), 'macaron-checked-'))

/** A 3.0 document unique to this run; `info` as given (a missing version is a meta-schema error only). */
function document(info: string): { file: string; text: string; digest: string } {
  const text = `openapi: 3.0.3\ninfo: ${info}\npaths:\n  /a:\n    get:\n      description: ${randomUUID()}\n      responses: { '200': { description: ok } }\n`
  const file = join(dir, `${randomUUID()}.yaml`)
  writeFileSync(file, text)
  const sources = new SourceSet(file)
  sources.add(parseSource(file, text))
  return { file, text, digest: sources.digest() }
}

async function problemsOf(file: string): Promise<string[]> {
  try {
    await loadApi(file)
    return []
  } catch (error) {
    if (!(error instanceof SpecError)) throw error
    return error.problems.map((p) => `${p.line}: ${p.message}`)
  }
}

test('a document that passes is remembered; one that fails is not, and fails with its line every time', async () => {
  const good = document('{ title: t, version: "1" }')
  assert.equal(passedBefore(good.digest, '3.0'), false)
  assert.deepEqual(await problemsOf(good.file), [])
  assert.equal(passedBefore(good.digest, '3.0'), true)
  const bad = document('{ title: t }')
  for (let i = 0; i < 2; i++) assert.deepEqual(await problemsOf(bad.file), ["2: info must have required property 'version'"])
  assert.equal(passedBefore(bad.digest, '3.0'), false)
})

test('a remembered digest skips the meta-schema and parameter checks (shown by planting one), but not the route checks', async () => {
  const bad = document('{ title: t }')
  rememberPassed(bad.digest, '3.0')
  assert.deepEqual(await problemsOf(bad.file), [], 'the meta-schema check was skipped')
  assert.equal(passedBefore(bad.digest, '3.1'), false, 'the entry is per version')
  const clash = document('{ title: t, version: "1" }')
  const text = clash.text.replace('paths:\n', "paths:\n  /b/{x}:\n    get: { parameters: [{ name: x, in: path, required: true, schema: { type: string } }], responses: { '200': { description: ok } } }\n  /b/{y}:\n    get: { parameters: [{ name: y, in: path, required: true, schema: { type: string } }], responses: { '200': { description: ok } } }\n")
  writeFileSync(clash.file, text)
  const sources = new SourceSet(clash.file)
  sources.add(parseSource(clash.file, text))
  rememberPassed(sources.digest(), '3.0')
  const problems = await problemsOf(clash.file)
  assert.equal(problems.length, 1)
  assert.match(problems[0]!, /same route/)
  // A path template without its parameter: found on every start until remembered, then skipped.
  const unbound = document('{ title: t, version: "1" }')
  const unboundText = unbound.text.replace('/a:', '/a/{id}:')
  writeFileSync(unbound.file, unboundText)
  const unboundSources = new SourceSet(unbound.file)
  unboundSources.add(parseSource(unbound.file, unboundText))
  assert.match((await problemsOf(unbound.file))[0] ?? '', /has \{id\} but GET declares no path parameter 'id'/)
  assert.equal(passedBefore(unboundSources.digest(), '3.0'), false, 'a document with a parameter error is not remembered')
  rememberPassed(unboundSources.digest(), '3.0')
  assert.deepEqual(await problemsOf(unbound.file), [], 'the parameter checks were skipped')
})

test("a self-contained document's $refs are checked until they passed once; a broken one every time, and one with refs to other files never remembered", async () => {
  const broken = document('{ title: t, version: "1" }')
  const text = broken.text.replace("{ '200': { description: ok } }", "{ '200': { $ref: '#/components/responses/Gone' } }")
  writeFileSync(broken.file, text)
  const sources = new SourceSet(broken.file)
  sources.add(parseSource(broken.file, text))
  for (let i = 0; i < 2; i++) assert.deepEqual(await problemsOf(broken.file), [`7: $ref '#/components/responses/Gone' points at nothing: ${broken.file} has no 'components'`])
  assert.equal(passedBefore(sources.digest(), 'refs'), false, 'a broken ref is not remembered')
  rememberPassed(sources.digest(), 'refs')
  assert.deepEqual(await problemsOf(broken.file), [], 'the $ref check was skipped (shown by planting an entry)')

  const good = document('{ title: t, version: "1" }')
  assert.equal(passedBefore(good.digest, 'refs'), false)
  assert.deepEqual(await problemsOf(good.file), [])
  assert.equal(passedBefore(good.digest, 'refs'), true)

  const shared = join(dir, `${randomUUID()}.yaml`)
  writeFileSync(shared, "components:\n  responses:\n    Ok: { description: ok }\n")
  const external = document('{ title: t, version: "1" }')
  const externalText = external.text.replace("{ '200': { description: ok } }", `{ '200': { $ref: './${shared.split('/').pop()}#/components/responses/Ok' } }`)
  writeFileSync(external.file, externalText)
  const entryOnly = new SourceSet(external.file)
  entryOnly.add(parseSource(external.file, externalText))
  assert.deepEqual(await problemsOf(external.file), [])
  assert.equal(passedBefore(entryOnly.digest(), 'refs'), false, 'refs to another file go through the bundler on every start')
})
