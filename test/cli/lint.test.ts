import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'

const root = new URL('../../', import.meta.url).pathname

/** Runs a command line as a user types it ('macaron lint ...'), in `cwd` under the repo. */
function macaron(command: string, cwd = '.') {
  const args = command.split(' ').slice(1)
  const run = spawnSync(process.execPath, [`${root}bin/macaron.js`, ...args], { cwd: root + cwd, encoding: 'utf8' })
  return { code: run.status, out: run.stdout + run.stderr }
}

test('macaron lint reports binding errors, warnings with file and line, and exits 1', () => {
  const { code, out } = macaron('macaron lint test/fixtures/spec/lint')
  assert.equal(code, 1)
  assert.match(out, /^error: listPets \(GET \/pets in .*pets\.yaml\): x-bind-server 'src\/handlers\/pets#listPets' points at src\/handlers\/pets, which is not a file/m)
  assert.match(out, /pets\.yaml:18:7: warning: unknown extension 'x-bind-servr': did you mean 'x-bind-server'\?/)
  assert.match(out, /pets\.yaml:26:5: warning: DELETE \/pets\/\{petId\} reuses operationId 'listPets'/)
  assert.match(out, /2 API\(s\), 5 operation\(s\): 2 error\(s\), 11 warning\(s\)/)
})

test('macaron lint of a broken document prints the file, line and problem', () => {
  const { code, out } = macaron('macaron lint test/fixtures/cli/broken-yaml')
  assert.equal(code, 1)
  assert.match(out, /broken\.yaml:8:1: Flow map in block collection must be sufficiently indented/)
})

test('macaron lint --strict fails on warnings alone', () => {
  const plain = macaron('macaron lint test/fixtures/cli/unbound')
  assert.equal(plain.code, 0, plain.out)
  assert.match(plain.out, /unbound\.yaml:5:5: warning: GET \/todo is bound to no handler/)
  assert.match(plain.out, /0 error\(s\), 1 warning\(s\)/)
  assert.equal(macaron('macaron lint test/fixtures/cli/unbound --strict').code, 1)
  assert.equal(macaron('macaron lint test/fixtures/cli/slow --strict').code, 0)
})

test('the commands of docs/spec.md: macaron lint in a project, and with --strict', () => {
  const here = macaron('macaron lint', 'examples/profiles')
  assert.equal(here.code, 0, here.out)
  assert.match(here.out, /0 error\(s\), 0 warning\(s\)/)
  const strict = macaron('macaron lint examples/profiles --strict')
  assert.equal(strict.code, 0, strict.out)
})
