import assert from 'node:assert/strict'
import { createApp } from 'macaron'
import { testClient } from 'macaron/testing'

const app = await createApp({ dir: 'docs/examples/hello', logger: false })
const api = testClient(app)
const ok = (await api.get('/hello/Ada?times=2')).expectOk().expectJson()
assert.deepEqual(ok, { message: 'Hello Ada! Hello Ada!' })
const bad = (await api.get('/hello/Ada?times=9')).expectError(400, 'INVALID_PARAMETER')
assert.deepEqual(bad.errors, [{ field: 'times', location: 'query', message: 'must be <= 5' }])
await app.close()
