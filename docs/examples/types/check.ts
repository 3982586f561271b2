import assert from 'node:assert/strict'
import { createApp } from 'macaron'
import { testClient } from 'macaron/testing'
import { loadConfig } from '../../../src/config/load.js'
import { planTypes } from '../../../src/generate/index.js'

// The committed generated types are what `macaron generate` writes today.
const dir = new URL('.', import.meta.url).pathname
assert.deepEqual((await planTypes(loadConfig(dir, { environ: {} }))).filter((f) => f.changed).map((f) => f.path), [])

// The typed handlers serve the spec.
const app = await createApp({ dir, logger: false, environ: {} })
const api = testClient(app)
assert.deepEqual((await api.get('/v1/greetings/ada', { query: { lang: 'fr' } })).expectOk().expectJson(), { name: 'ada', text: 'Bonjour Ada' })
;(await api.get('/v1/greetings/bob')).expectError(404, 'NO_GREETING')
;(await api.post('/v1/greetings', { json: { name: 'bob', text: 'Hi' } })).expectStatus(201)
await app.close()
