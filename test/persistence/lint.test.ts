import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { formatProblem, lintApis, loadApis } from '../../src/spec/index.js'

test('lint reports x-persist mistakes as errors at the schema, and knows x-persist-table', async () => {
  const apis = await loadApis(resolve(import.meta.dirname, '../fixtures/persistence-lint/apis'))
  const problems = lintApis(apis)
  assert.equal(problems.filter((p) => p.severity === 'error').length, 4)
  const lines = problems.map(formatProblem)
  const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `${re} in:\n${lines.join('\n')}`)
  has(/bad\.yaml:8:7: schema Thing: unknown setting 'colour'/)
  has(/schema Thing: the key attribute 'thing_id' is not a property of the schema/)
  has(/schema Thing: the version attribute 'rev' must be an integer/)
  has(/schema Other: x-persist names the class src\/db\/other#Other: declare its table beside it, x-persist-table/)
  has(/unknown extension 'x-persist-tabel': did you mean 'x-persist-table'\?/)
  const good = lintApis(await loadApis(resolve(import.meta.dirname, '../fixtures/persistence/apis')))
  assert.deepEqual(good.filter((p) => p.severity === 'error'), [])
})
