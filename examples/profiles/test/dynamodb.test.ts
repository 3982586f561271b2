import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from 'macaron'
import { sharedDynamoDbLocal } from '../../../test/support/dynamodb-local.js'

const dir = new URL('..', import.meta.url).pathname

// docs/persistence.md, "Running the example on DynamoDB": the same service, with the
// persistence settings given as MACARON_PERSISTENCE__* variables, on DynamoDB Local.
test('the example on DynamoDB Local: the dev table is created at start-up, and profiles are stored there', { timeout: 120_000 }, async () => {
  const local = await sharedDynamoDbLocal()
  const environ = {
    MACARON_PERSISTENCE__BACKEND: 'dynamodb',
    MACARON_PERSISTENCE__DYNAMODB__ENDPOINT: local.endpoint,
    MACARON_PERSISTENCE__DYNAMODB__REGION: local.region,
  }
  // The AWS SDK reads credentials from the process environment; DynamoDB Local takes any.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'anything', AWS_SECRET_ACCESS_KEY: 'anything' })
  const app = await createApp({ dir, env: 'dev', logger: false, environ })
  try {
    assert.equal(app.store?.backend, 'dynamodb')
    assert.deepEqual((await app.store!.status([{ name: 'dev_profiles', key: 'profile_id', keyTypes: { profile_id: 'S' }, indexes: {} }]))[0]?.exists, true)
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const created = await fetch(`${base}/profiles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada' }) })
    assert.equal(created.status, 201)
    const { profile_id } = (await created.json()) as { profile_id: string }
    const got = (await (await fetch(`${base}/profiles/${profile_id}`)).json()) as { view_count: number; version: number }
    assert.deepEqual([got.view_count, got.version], [1, 2])
    const patched = await fetch(`${base}/profiles/${profile_id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tags: ['x'] }) })
    assert.deepEqual(((await patched.json()) as { tags: string[] }).tags, ['x'])
    assert.equal((await fetch(`${base}/profiles/${profile_id}`, { method: 'DELETE' })).status, 204)
    assert.equal((await fetch(`${base}/profiles/${profile_id}`)).status, 404)
  } finally {
    await app.close()
  }
})
