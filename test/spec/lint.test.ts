import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { parse } from 'yaml'
import { formatProblem, lintApis, loadApis } from '../../src/spec/index.js'
import type { JsonObject, LoadedApi, SpecProblem } from '../../src/spec/index.js'
import { fixture } from './helpers.js'

function summary(warnings: SpecProblem[]): Array<[string, number | undefined, string]> {
  return warnings.map((w) => [w.file.slice(fixture('lint/apis/').length), w.line, w.message])
}

test('lint warns about operationIds, unbound operations and misspelt Macaron extensions, with lines', async () => {
  const apis = await loadApis(fixture('lint/apis'))
  const calls: string[] = []
  const warnings = lintApis(apis, {
    isBound: (id, method, path) => {
      calls.push(`${id} ${method} ${path}`)
      return id !== 'getPet'
    },
  })
  assert.ok(warnings.every((w) => w.severity === 'warning' && w.pointer !== undefined))
  assert.deepEqual(summary(warnings), [
    ['pets.yaml', 10, 'POST /pets has no operationId: handlers, clients and logs refer to operations by it'],
    ['pets.yaml', 16, 'GET /pets/{petId} is bound to no handler (x-bind-server, or an exported getPet): it answers 501'],
    ['pets.yaml', 18, "unknown extension 'x-bind-servr': did you mean 'x-bind-server'?"],
    ['pets.yaml', 26, "DELETE /pets/{petId} reuses operationId 'listPets' of GET /pets in pets.yaml:5"],
    ['pets.yaml', 34, "unknown extension 'x-persits': did you mean 'x-persist'?"],
    ['pets.yaml', 36, "unknown extension 'x-macaron-mocks': did you mean 'x-macaron-mock'?"],
    ['pets.yaml', 39, "unknown extension 'x-macaron-fixture': did you mean 'x-macaron-example'?"],
    ['shared/owner.yaml', 3, "unknown extension 'X-Persist': did you mean 'x-persist'?"],
    ['users.yaml', 5, "GET /users/{id} reuses operationId 'getPet' of GET /pets/{petId} in pets.yaml:16"],
    ['users.yaml', 5, 'GET /users/{id} is bound to no handler (x-bind-server, or an exported getPet): it answers 501'],
  ])
  assert.ok(calls.includes('undefined post /pets'), calls.join(', '))
  assert.ok(calls.includes('getPet get /users/{id}'))
  const extension = warnings.find((w) => w.message.includes('x-persits'))!
  assert.equal(extension.pointer, '/components/schemas/Pet/x-persits')
  assert.match(formatProblem(extension), /pets\.yaml:34:7: warning: unknown extension 'x-persits'.* \(at \/components\/schemas\/Pet\/x-persits\)$/)
})

test('without isBound, nothing is reported as unbound', async () => {
  const warnings = lintApis(await loadApis(fixture('lint/apis')))
  assert.equal(warnings.filter((w) => w.message.includes('bound to no handler')).length, 0)
  assert.equal(warnings.length, 8)
})

test('an API built by hand (no loader state) is located from its source text', () => {
  const file = fixture('lint/apis/users.yaml')
  const source = readFileSync(file, 'utf8')
  const original = parse(source) as JsonObject
  const api: LoadedApi = { name: 'users', file, sourceVersion: '3.0', document: original, original, source }
  const [warning] = lintApis([api, { ...api, name: 'again' }])
  assert.deepEqual([warning?.line, warning?.column, warning?.message], [5, 5, "GET /users/{id} reuses operationId 'getPet' of GET /users/{id} in users.yaml:5"])
})
