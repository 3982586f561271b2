import assert from 'node:assert/strict'
import { test } from 'node:test'
import { lintApis, loadApi, SpecError } from '../../src/spec/index.js'
import { createApp } from '../../src/index.js'
import { fixture, problemsOf } from './helpers.js'

/** [file under fixtures/spec/broken, line, column, message pattern, pointer?] */
type Expected = [string, number, number, RegExp, string?]

async function expectProblems(entry: string, expected: Expected[]): Promise<void> {
  const problems = await problemsOf(`broken/${entry}`)
  assert.equal(problems.length, expected.length, problems.map((p) => p.message).join('\n'))
  expected.forEach(([file, line, column, message, pointer], i) => {
    const p = problems[i]!
    assert.equal(p.severity, 'error')
    assert.equal(p.file, fixture(`broken/${file}`))
    assert.deepEqual([p.line, p.column], [line, column], p.message)
    assert.match(p.message, message)
    if (pointer !== undefined) assert.equal(p.pointer, pointer)
  })
}

test('YAML and JSON syntax errors name the file, line and column', async () => {
  await expectProblems('syntax.yaml', [['syntax.yaml', 11, 1, /All mapping items must start at the same column/]])
  await expectProblems('syntax.json', [['syntax.json', 6, 5, /Missing , between flow map items/]])
})

test('a document that is not Swagger 2.0 nor OpenAPI 3.0/3.1 says what it found', async () => {
  await expectProblems('no-version.yaml', [['no-version.yaml', 1, 1, /not an OpenAPI document: it has neither swagger: '2.0' nor openapi/]])
  await expectProblems('number-version.yaml', [['number-version.yaml', 2, 1, /found 3\.1 \(a number here: quote it/, '/openapi']])
  await expectProblems('unsupported-version.yaml', [['unsupported-version.yaml', 1, 1, /swagger must be '2\.0', found "1\.2"/, '/swagger']])
})

test('schema violations are located and worded for people (OpenAPI 3.0)', async () => {
  await expectProblems('schema-errors.yaml', [
    ['schema-errors.yaml', 9, 7, /^paths\.\/pets\.get\.responses must have at least one response$/, '/paths/~1pets/get/responses'],
    ['schema-errors.yaml', 14, 11, /^paths\.\/pets\.post\.responses\.201 has unknown property 'descriptio' \(did you mean 'description'\?\)$/],
    ['schema-errors.yaml', 22, 13, /^paths\.\/pets\/\{id\}\.get\.parameters\.0\.schema\.type must be one of: "array", "boolean", "integer", "number", "object", "string"$/],
  ])
})

test('schema violations in OpenAPI 3.1 schemas are checked against JSON Schema 2020-12', async () => {
  await expectProblems('schema-errors-31.yaml', [
    ['schema-errors-31.yaml', 20, 11, /^components\.schemas\.Pet\.properties\.name\.required must be array$/],
  ])
})

test('Swagger 2.0 schema violations keep only the parameter form that was meant', async () => {
  // The 2.0 meta-schema tries five parameter forms; only the query form's complaint is relevant.
  await expectProblems('swagger2-schema.yaml', [
    ['swagger2-schema.yaml', 9, 11, /^paths\.\/pets\.get\.parameters\.0\.type must be one of: "string", "number", "boolean", "integer", "array"$/],
  ])
})

test("swagger-parser's Swagger 2.0 rules are located on the operation", async () => {
  await expectProblems('swagger2-rules.yaml', [['swagger2-rules.yaml', 5, 5, /^POST \/pets has 2 body parameters\. Only one is allowed\.$/]])
})

test('a $ref that points at nothing names the ref and where it is', async () => {
  await expectProblems('missing-pointer.yaml', [
    ['missing-pointer.yaml', 11, 15, /^\$ref '#\/components\/schemas\/Pett' points at nothing: components\.schemas has no 'Pett'$/],
  ])
})

test('a $ref to a file that does not exist names the file', async () => {
  await expectProblems('missing-file.yaml', [
    ['missing-file.yaml', 11, 15, /^\$ref '\.\/shared\/nope\.yaml#\/Pet' points to a file that does not exist: .*broken\/shared\/nope\.yaml$/],
  ])
})

test('problems inside a referenced file name that file and its line', async () => {
  await expectProblems('external-errors.yaml', [['shared/bad-schema.yaml', 8, 7, /^Pet\.properties\.age\.minimum must be number$/, '/Pet/properties/age/minimum']])
  await expectProblems('external-missing.yaml', [
    ['external-missing.yaml', 16, 15, /^\$ref '\.\/shared\/pets\.yaml#\/Nope' points at nothing: .*shared\/pets\.yaml has no 'Nope'$/],
    ['shared/pets.yaml', 6, 5, /^\$ref '\.\/missing\.yaml' points to a file that does not exist/, '/Pet/properties/owner'],
  ])
  await expectProblems('external-syntax.yaml', [['shared/syntax.yaml', 4, 1, /Flow map in block collection/]])
})

test('path templates and path parameters must agree, in every version', async () => {
  await expectProblems('path-params.yaml', [
    ['path-params.yaml', 5, 5, /^path '\/pets\/\{petId\}' has \{petId\} but GET declares no path parameter 'petId'$/],
    ['path-params.yaml', 13, 11, /^path parameter 'ownerId' does not appear in the path '\/pets\/\{petId\}'$/],
  ])
  await expectProblems('swagger2-path-params.yaml', [
    ['swagger2-path-params.yaml', 5, 5, /has \{petId\} but GET declares no path parameter 'petId'/],
    ['swagger2-path-params.yaml', 7, 11, /path parameter 'id' does not appear/],
  ])
})

test('two paths that differ only in parameter names and share a method are one route, located at the second', async () => {
  await expectProblems('same-route.yaml', [
    ['same-route.yaml', 10, 3, /^path '\/payslips\/\{year\}' is the same route as '\/payslips\/\{runId\}' \(line 4\) and both declare GET: templated paths that differ only in parameter names are not allowed$/, '/paths/~1payslips~1{year}'],
  ])
})

test('two paths that differ only in parameter names but share no method load, with a located warning, and both are served', async () => {
  const api = await loadApi(fixture('same-route/apis/payroll.yaml'))
  assert.deepEqual(
    (api.warnings ?? []).map((w) => [w.severity, w.line, w.column, w.pointer, w.message]),
    [['warning', 13, 3, '/paths/~1payslips~1{year}', "path '/payslips/{year}' is the same route as '/payslips/{runId}' (line 4): OpenAPI does not allow templated paths that differ only in parameter names; both are served, since they share no method (GET there, DELETE here)"]],
  )
  const lines: string[] = []
  const logStream = { write: (line: string) => void lines.push(line) }
  assert.ok(lintApis([api]).some((w) => w.severity === 'warning' && w.message.startsWith("path '/payslips/{year}' is the same route")), 'lint lists it')
  const app = await createApp({ dir: fixture('same-route'), overrides: { log: { level: 'warn' } }, logStream, handlers: { getRun: ({ params }) => ({ run: (params as { runId: string }).runId }), deleteYear: () => undefined } })
  try {
    const got = await app.server.inject('/payslips/2024-07')
    assert.equal(got.statusCode, 200)
    assert.deepEqual(got.json(), { run: '2024-07' })
    const deleted = await app.server.inject({ method: 'DELETE', url: '/payslips/2024' })
    assert.equal(deleted.statusCode, 204)
    const refused = await app.server.inject({ method: 'DELETE', url: '/payslips/last' })
    assert.equal(refused.statusCode, 400, 'the DELETE route reads {year}, an integer')
    const warned = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.msg.includes('warning(s) in the API documents'))
    assert.equal(warned.length, 1, lines.join(''))
    assert.match(warned[0]!.msg, /payroll\.yaml:13:3: warning: path '\/payslips\/\{year\}' is the same route as '\/payslips\/\{runId\}'/)
  } finally {
    await app.close()
  }
})

test('a parameter declared twice in one list is located at the second, even through a $ref', async () => {
  // limit in header is another parameter; the $ref'd one repeats limit in query.
  await expectProblems('duplicate-params.yaml', [
    ['duplicate-params.yaml', 9, 11, /^parameter 'limit' in query is declared twice$/, '/paths/~1pets/get/parameters/2'],
  ])
})

test('the SpecError message has one "file:line:column: message (at pointer)" line per problem', async () => {
  const err = await loadApi(fixture('broken/path-params.yaml')).then(() => undefined, (e: unknown) => e)
  assert.ok(err instanceof SpecError)
  const lines = err.message.split('\n')
  assert.equal(lines.length, 2)
  assert.match(lines[0]!, /^(\/.*\/)?test\/fixtures\/spec\/broken\/path-params\.yaml:5:5: path '\/pets\/\{petId\}' has .* \(at \/paths\/~1pets~1\{petId\}\/get\)$/)
})

test('a file that does not exist is a SpecError too', async () => {
  const err = await loadApi(fixture('broken/no-such-file.yaml')).then(() => undefined, (e: unknown) => e)
  assert.ok(err instanceof SpecError)
  assert.match(err.message, /no-such-file\.yaml: the file does not exist$/)
})

test('the same route served by two APIs stops start-up naming both documents and lines', async () => {
  const err = await createApp({ dir: fixture('clash'), logger: false }).then(() => undefined, (e: unknown) => e)
  assert.ok(err instanceof SpecError)
  assert.equal(err.problems.length, 1)
  assert.match(err.message, /clash\/apis\/b\.yaml:4:3: GET \/items\/\{key\} is the same route as GET \/items\/\{id\} of API 'a' \(a\.yaml:4\)/)
})
