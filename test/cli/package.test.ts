// Macaron as a user gets it: `npm pack`, installed into a fresh project, whose TypeScript
// handlers import the package by name and a local .ts module by its .js name. This runs
// the compiled dist/ (the tests otherwise run the sources), so a build or packaging fault
// — a file missing from `files`, a broken export, a loader that only works from source —
// fails here.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../support/ports.js'
import { pathToFileURL } from 'node:url'

const root = new URL('../../', import.meta.url).pathname
const project = mkdtempSync(join(tmpdir(), 'macaron-installed-'))
const installed = join(project, 'node_modules', 'macaron')
/** The environment of a user's shell: none of the test runner's source-mode flags. */
const env = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', MACARON_LOG__LEVEL: 'warn' }

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'hello-service', version: '2.3.4', type: 'module', private: true }),
  'macaron.yaml': 'name: hello\n',
  'apis/hello.yaml': `openapi: 3.0.3
info: { title: Hello, version: 1.0.0 }
paths:
  /hello/{name}:
    get:
      operationId: sayHello
      x-bind-server: src/handlers/hello#sayHello
      parameters:
        - { name: name, in: path, required: true, schema: { type: string, maxLength: 20 } }
        - { name: times, in: query, schema: { type: integer, minimum: 1, maximum: 3, default: 1 } }
      responses:
        '200':
          description: A greeting
          content:
            application/json:
              schema:
                type: object
                additionalProperties: false
                required: [message]
                properties: { message: { type: string } }
        '404':
          description: Nobody by that name
          content:
            application/json:
              schema: { type: object }
`,
  'src/lib/greet.ts': `export function greet(name: string, times: number): string {
  return Array.from({ length: times }, () => \`hello \${name}\`).join(', ')
}
`,
  'src/handlers/hello.ts': `import { errors, type Handler } from 'macaron'
import { greet } from '../lib/greet.js'

export const sayHello: Handler = async ({ params, query }) => {
  const name = params.name as string
  if (name === 'nobody') throw new errors.NotFound('nobody is here')
  return { message: greet(name, query.times as number) }
}
`,
}

before(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' })
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop() as string
  mkdirSync(installed, { recursive: true })
  execFileSync('tar', ['-xzf', join(project, tarball), '-C', installed, '--strip-components=1'])
  // The package's dependencies, as npm would have installed them beside it.
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name !== 'macaron' && !name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name))
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(project, path, '..'), { recursive: true })
    writeFileSync(join(project, path), text)
  }
})
after(() => rmSync(project, { recursive: true, force: true }))

test('the packed package holds its compiled code, CLI and docs, and no tests', () => {
  const listed = new Set(readdirSync(installed))
  for (const entry of ['bin', 'dist', 'docs', 'package.json']) assert.ok(listed.has(entry), `${entry} is in the package`)
  assert.ok(!listed.has('test') && !listed.has('bench'), 'tests and benchmarks stay out')
  assert.ok(readdirSync(join(installed, 'dist')).includes('index.d.ts'), 'types are shipped')
})

test('the package ships the validators built with it, and they are the ones its start-up looks for', async () => {
  const { CONFIG_VALIDATOR_DIGEST } = (await import(pathToFileURL(join(installed, 'dist/config/validator.js')).href)) as { CONFIG_VALIDATOR_DIGEST: string }
  const { metaValidatorDigest } = (await import(pathToFileURL(join(installed, 'dist/spec/meta-schema.js')).href)) as { metaValidatorDigest: (v: string) => string }
  const built = (file: string) => readFileSync(join(installed, 'dist', file), 'utf8')
  assert.ok(built('config/config-validator.cjs').includes(`module.exports.digest = "${CONFIG_VALIDATOR_DIGEST}"`))
  for (const version of ['2.0', '3.0', '3.1']) {
    assert.ok(built(`spec/meta-validators/${version}.cjs`).includes(`module.exports.digest = "${metaValidatorDigest(version)}"`), version)
  }
})

test('an installed macaron serves a project with TypeScript handlers, from its dist/', async () => {
  const port = await freePort()
  const child = spawn(process.execPath, [join(installed, 'bin/macaron.js'), 'start', '--port', String(port)], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    const deadline = Date.now() + 30_000
    for (;;) {
      const ping = await fetch(`http://127.0.0.1:${port}/ping`).catch(() => undefined)
      if (ping?.ok === true) break
      if (child.exitCode !== null || Date.now() > deadline) assert.fail(`the installed service did not start:\n${output}`)
      await sleep(100)
    }
    const hello = await fetch(`http://127.0.0.1:${port}/hello/ada?times=2`)
    assert.equal(hello.status, 200, output)
    assert.deepEqual(await hello.json(), { message: 'hello ada, hello ada' })
    const invalid = await fetch(`http://127.0.0.1:${port}/hello/ada?times=9`)
    assert.equal(invalid.status, 400)
    assert.equal(((await invalid.json()) as { error: string }).error, 'INVALID_PARAMETER')
    const missing = await fetch(`http://127.0.0.1:${port}/hello/nobody`)
    assert.equal(missing.status, 404)
    assert.equal(((await missing.json()) as { error_description: string }).error_description, 'nobody is here')
    const version = (await (await fetch(`http://127.0.0.1:${port}/version`)).json()) as { name: string; version: string }
    assert.deepEqual([version.name, version.version], ['hello', '2.3.4'])
  } finally {
    child.kill('SIGTERM')
  }
  assert.equal(await exited, 0, output)
})
