import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
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
