import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { createApp } from '../../src/index.js'

// What a start loads is start-up time: Fastify's own schema compilers (Macaron gives Fastify
// no schemas), the yaml library (needed only to locate a spec problem), the mock sampler, the
// multipart parser and, until an operation compiles its serialisers, fast-json-stringify are
// not loaded by building and serving an app. The test file runs in a process of its own.
test('an app starts without loading Fastify schema compilers or the libraries only some requests need', async () => {
  const loaded = () => Object.keys(createRequire(import.meta.url).cache)
  const none = (names: string[]) => {
    const files = loaded()
    for (const name of names) assert.deepEqual(files.filter((file) => file.includes(name)), [], `${name} was loaded`)
  }
  // A setting from the environment is read as YAML too, without the yaml library.
  const app = await createApp({ dir: new URL('../fixtures/pets/v31', import.meta.url).pathname, logger: false, environ: { MACARON_LOG__LEVEL: 'warn' }, handlers: {} })
  assert.equal(app.config.log.level, 'warn')
  // (Fastify's own error serialiser loads fast-json-stringify/lib/serializer.js, not the compiler.)
  none(['/node_modules/fast-json-stringify/index.js'])
  const res = await app.server.inject({ method: 'GET', url: '/pets' })
  assert.equal(res.statusCode, 501)
  await app.close()
  none(['/@fastify/ajv-compiler/', '/@fastify/fast-json-stringify-compiler/', '/node_modules/yaml/', '/node_modules/openapi-sampler/', '/node_modules/busboy/'])
  // The check could fail: modules the app does use are in the same cache.
  assert.ok(loaded().some((file) => file.includes('/node_modules/fastify/')))
})

// ES modules are not in require's cache: a child process records every URL it loads with a
// module hook. jose (JWT) is loaded by a service with a jwt section only.
test('an app without a jwt section starts without loading jose; one with it loads jose', () => {
  const root = new URL('../../', import.meta.url).pathname
  const loads = (settings: string): string[] => {
    const dir = mkdtempSync(join(tmpdir(), 'macaron-modules-'))
    const log = join(dir, 'loaded.txt')
    writeFileSync(join(dir, 'hook.mjs'), `import { appendFileSync } from 'node:fs'\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context) }\n`)
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)})\n`)
    const script = `import { createApp } from ${JSON.stringify(`${root}src/index.ts`)}\nconst app = await createApp({ dir: ${JSON.stringify(new URL('../fixtures/pets/v31', import.meta.url).pathname)}, logger: false, environ: { S: 'a-secret-of-thirty-two-bytes-or-more-0123' }, overrides: ${settings}, handlers: {} })\nawait app.close()\n`
    writeFileSync(join(dir, 'start.mts'), script)
    const run = spawnSync(process.execPath, ['--conditions=macaron-source', '--import', join(dir, 'register.mjs'), '--import', 'tsx', join(dir, 'start.mts')], { cwd: root, encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    return readFileSync(log, 'utf8').split('\n')
  }
  const plain = loads('{}')
  assert.ok(plain.some((url) => url.includes('/node_modules/fastify/')), 'the hook saw the modules loaded')
  assert.deepEqual(plain.filter((url) => url.includes('/node_modules/jose/')), [])
  const withJwt = loads(`{ env_secrets: ['S'], jwt: { keys: [{ secret: 'S' }] } }`)
  assert.ok(withJwt.some((url) => url.includes('/node_modules/jose/')), 'a jwt section loads jose')
})
