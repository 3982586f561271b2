import assert from 'node:assert/strict'
import { createApp, generateToken } from 'macaron'
import { assertHasAuthVersion, testClient, testToken } from 'macaron/testing'

const app = await createApp({
  dir: new URL('./service', import.meta.url).pathname,
  environ: { JWT_SECRET: 'a-development-secret-of-32-bytes-or-more' },
  logger: false,
})
const api = testClient(app)

// #region bearer
const token = await generateToken('customer-7', { data: { name: 'Ada' }, expiresIn: 3600 })
const mine = await api.get('/orders/mine', { headers: { authorization: `Bearer ${token}` } })
assert.deepEqual(mine.expectOk().expectJson(), { caller: 'customer-7', name: 'Ada', orders: [] })

// The same token in the configured cookie.
;(await api.get('/orders/mine', { headers: { cookie: `token=${token}` } })).expectOk()

const bad = await api.get('/orders/mine', { headers: { authorization: 'Bearer not.a.jwt' } })
bad.expectError(401, 'TOKEN_INVALID')
assert.equal(bad.header('www-authenticate'), 'Bearer realm="orders", error="invalid_token", error_description="The token is not a well-formed JWT"')

const expired = await generateToken('customer-7', { expiresIn: -60 })
;(await api.get('/orders/mine', { token: expired })).expectError(401, 'TOKEN_EXPIRED')
;(await api.get('/orders/mine')).expectError(401, 'AUTHORIZATION_HEADER_MISSING')
// #endregion

// #region scopes
const reader = await generateToken('backoffice', { data: { scope: 'orders:read' } })
assert.equal((await api.get('/orders/all', { token: reader })).expectOk().expectJson<{ name: string }>().name, 'oauth')

const forbidden = await api.get('/orders/all', { token })
assert.equal(forbidden.expectError(403, 'FORBIDDEN').error_description, 'This operation requires the scope orders:read')
assert.match(forbidden.header('www-authenticate')!, /error="insufficient_scope"/)
// #endregion

// #region apikey
const partner = await api.get('/orders/all', { headers: { 'X-Partner-Key': 'pk-acme-123' } })
assert.deepEqual(partner.expectOk().expectJson(), { caller: 'acme', name: 'partnerKey', orders: ['o-1', 'o-2'] })
;(await api.get('/orders/all', { headers: { 'X-Partner-Key': 'guess' } })).expectError(401, 'API_KEY_INVALID')
// #endregion

// #region basic
const admin = `Basic ${Buffer.from('admin:correct horse').toString('base64')}`
;(await api.get('/admin/stats', { headers: { authorization: admin } })).expectOk()
const wrong = await api.get('/admin/stats', { headers: { authorization: `Basic ${Buffer.from('admin:guess').toString('base64')}` } })
wrong.expectError(401, 'CREDENTIALS_INVALID')
assert.equal(wrong.header('www-authenticate'), 'Basic realm="orders", charset="UTF-8"')
// #endregion

// #region public
assert.deepEqual((await api.get('/catalog')).expectOk().expectJson(), { caller: null, orders: ['tea', 'cake'] })
// #endregion

// #region testkit
const testUser = await testToken(app, 'test-user', { data: { scope: 'orders:read' } })
await assertHasAuthVersion(api, testUser)
// #endregion
await app.close()
