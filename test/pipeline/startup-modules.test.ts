import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'

// What a start loads is start-up time: Fastify's own schema compilers (Macaron gives Fastify
// no schemas) and the yaml library (needed only to locate a spec problem) are not loaded by
// building and serving an app. The test file runs in a process of its own.
test('an app starts without loading Fastify schema compilers or the yaml library', async () => {
  const app = await createApp({ dir: new URL('../fixtures/pets/v31', import.meta.url).pathname, logger: false, environ: {}, handlers: {} })
  const res = await app.server.inject({ method: 'GET', url: '/pets' })
  assert.equal(res.statusCode, 501)
  await app.close()
  const loaded = Object.keys(createRequire(import.meta.url).cache)
  for (const name of ['/@fastify/ajv-compiler/', '/@fastify/fast-json-stringify-compiler/', '/node_modules/yaml/']) {
    assert.deepEqual(loaded.filter((file) => file.includes(name)), [], `${name} was loaded`)
  }
  // The check could fail: modules the app does use are in the same cache.
  assert.ok(loaded.some((file) => file.includes('/node_modules/fastify/')))
})
