import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { decodeJwt } from 'jose'
import type { MacaronApp, User } from '../../src/index.js'
import { assertHasAuthVersion, testClient, testToken, type TestClient } from '../../src/testing/index.js'
import { secureApp } from './helpers.js'

interface Who {
  user: User | null
  userId: string | null
  sameUser: boolean
  token: string | null
  requestId: string | null
  state: Record<string, unknown>
  fresh?: string
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })

describe('security schemes end to end', () => {
  let app: MacaronApp
  let api: TestClient
  let token: string
  before(async () => {
    app = await secureApp()
    api = testClient(app)
    token = await testToken(app, 'alice', { data: { scope: 'read profile', name: 'Alice' } })
  })
  after(() => app.close())

  test('http bearer: the handler argument and the context getters see the same user', async () => {
    const who = (await api.get('/me', { token, headers: { 'x-request-id': 'req-42' } })).expectOk().expectJson<Who>()
    assert.equal(who.userId, 'alice')
    assert.equal(who.user?.id, 'alice')
    assert.equal(who.user?.scheme, 'bearerAuth')
    assert.deepEqual(who.user?.scopes, ['read', 'profile'])
    assert.equal(who.user?.claims.name, 'Alice')
    assert.equal(who.sameUser, true)
    assert.equal(who.token, token)
    assert.equal(who.requestId, 'req-42')
    // generateToken inside a request signs with the app's keys, issuer and audience.
    const fresh = decodeJwt(who.fresh!)
    assert.deepEqual([fresh.sub, fresh.iss, fresh.aud, fresh.scope], ['alice', 'https://auth.test', 'secure-api', 'read'])
    ;(await api.get('/me', { token: who.fresh! })).expectOk()
  })

  test('the token may come from the configured cookie', async () => {
    const who = (await api.get('/me', { headers: { cookie: `other=1; token=${token}` } })).expectOk().expectJson<Who>()
    assert.equal(who.userId, 'alice')
  })

  test('a missing token is 401 AUTHORIZATION_HEADER_MISSING with a bare challenge', async () => {
    const res = await api.get('/me')
    const body = res.expectError(401, 'AUTHORIZATION_HEADER_MISSING')
    assert.equal(res.header('www-authenticate'), 'Bearer realm="secure"')
    assert.match(body.error_description, /Authorization: Bearer/)
    // HEAD, served by the GET route, runs the same check.
    assert.equal((await api.head('/me')).status, 401)
  })

  test('security: [] opts out; {} admits anonymous callers but not bad tokens', async () => {
    assert.equal((await api.get('/public')).expectOk().expectJson<Who>().user, null)
    assert.equal((await api.get('/optional')).expectOk().expectJson<Who>().userId, null)
    assert.equal((await api.get('/optional', { token })).expectOk().expectJson<Who>().userId, 'alice')
    ;(await api.get('/optional', { token: 'not.a.token' })).expectError(401, 'TOKEN_INVALID')
  })

  test('oauth2 scopes: FORBIDDEN 403 with RFC 6750 insufficient_scope', async () => {
    const res = await api.get('/admin', { token })
    const body = res.expectError(403, 'FORBIDDEN')
    assert.equal(body.error_description, 'This operation requires the scope admin')
    assert.match(res.header('www-authenticate')!, /^Bearer realm="secure", error="insufficient_scope", error_description="[^"]+", scope="admin"$/)
    const admin = await testToken(app, 'root', { data: { scope: 'admin' } })
    ;(await api.get('/admin', { token: admin })).expectOk()
  })

  test('openIdConnect scopes read from scp as a list', async () => {
    const scp = await testToken(app, 'bob', { data: { scp: ['read', 'profile'] } })
    assert.equal((await api.get('/oidc', { token: scp })).expectOk().expectJson<Who>().userId, 'bob')
    const partial = await testToken(app, 'bob', { data: { scp: ['read'] } })
    assert.equal((await api.get('/oidc', { token: partial })).expectError(403, 'FORBIDDEN').error_description, 'This operation requires the scope profile')
  })

  test('apiKey in a header, the query and a cookie', async () => {
    for (const [path, options] of [
      ['/key-header', { headers: { 'X-API-Key': 'key-123' } }],
      ['/key-query', { query: { api_key: 'key-123' } }],
      ['/key-cookie', { headers: { cookie: 'api_key=key-123' } }],
    ] as const) {
      const who = (await api.get(path, options)).expectOk().expectJson<Who>()
      assert.deepEqual([who.userId, who.user?.scopes, who.token], ['robot', ['read'], null], path)
    }
    const missing = await api.get('/key-query')
    missing.expectError(401, 'API_KEY_MISSING')
    assert.equal(missing.header('www-authenticate'), 'ApiKey realm="secure", in="query", name="api_key"')
    ;(await api.get('/key-header', { headers: { 'x-api-key': 'wrong' } })).expectError(401, 'API_KEY_INVALID')
    ;(await api.get('/key-query?api_key=a&api_key=key-123')).expectError(401, 'API_KEY_INVALID')
    ;(await api.get('/key-header', { token })).expectError(401, 'API_KEY_MISSING')
  })

  test('apiKey scopes come from the verify function', async () => {
    ;(await api.get('/key-scoped', { headers: { 'x-api-key': 'key-123' } })).expectError(403, 'FORBIDDEN')
  })

  test('http basic', async () => {
    assert.equal((await api.get('/basic', { headers: basic('ada', 'lovelace') })).expectOk().expectJson<Who>().userId, 'ada')
    const wrong = await api.get('/basic', { headers: basic('ada', 'babbage') })
    assert.equal(wrong.expectError(401, 'CREDENTIALS_INVALID').error_description, 'The username or password is not valid')
    assert.equal(wrong.header('www-authenticate'), 'Basic realm="secure", charset="UTF-8"')
    ;(await api.get('/basic')).expectError(401, 'AUTHORIZATION_HEADER_MISSING')
    ;(await api.get('/basic', { headers: { authorization: 'Basic !!!' } })).expectError(401, 'CREDENTIALS_INVALID')
    ;(await api.get('/basic', { headers: { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` } })).expectError(401, 'CREDENTIALS_INVALID')
  })

  test('OR between requirement objects: either scheme lets in; the challenge names both', async () => {
    assert.equal((await api.get('/either', { token })).expectOk().expectJson<Who>().user?.scheme, 'bearerAuth')
    assert.equal((await api.get('/either', { headers: { 'x-api-key': 'key-123' } })).expectOk().expectJson<Who>().user?.scheme, 'apiKeyHeader')
    const none = await api.get('/either')
    none.expectError(401, 'AUTHORIZATION_HEADER_MISSING')
    assert.equal(none.header('www-authenticate'), 'Bearer realm="secure", ApiKey realm="secure", in="header", name="X-API-Key"')
    // A credential sent and refused wins over one not sent: the client learns what is wrong.
    ;(await api.get('/either', { token: 'x.y.z' })).expectError(401, 'TOKEN_INVALID')
  })

  test('AND inside one requirement object: both schemes are needed', async () => {
    ;(await api.get('/both', { token })).expectError(401, 'API_KEY_MISSING')
    ;(await api.get('/both', { headers: { 'x-api-key': 'key-123' } })).expectError(401, 'AUTHORIZATION_HEADER_MISSING')
    const who = (await api.get('/both', { token, headers: { 'x-api-key': 'key-123' } })).expectOk().expectJson<Who>()
    assert.equal(who.userId, 'alice')
  })

  test('security runs before body validation: no token, no 400', async () => {
    ;(await api.post('/items', { json: { wrong: 1 } })).expectError(401, 'AUTHORIZATION_HEADER_MISSING')
    ;(await api.post('/items', { body: '{oops', headers: { 'content-type': 'application/json' } })).expectError(401, 'AUTHORIZATION_HEADER_MISSING')
    ;(await api.post('/items', { token, json: { wrong: 1 } })).expectError(400, 'INVALID_PARAMETER')
    ;(await api.post('/items', { token, json: { name: 'x' } })).expectOk()
  })

  test('the methods of one path keep their own security', async () => {
    // GET /items is public, POST /items needs a token: the router picks the operation by method, then its check.
    assert.equal((await api.get('/items')).expectOk().expectJson<Who>().userId, null)
    assert.equal((await api.get('/items', { token })).expectOk().expectJson<Who>().userId, null, 'a public operation ignores a token')
    ;(await api.post('/items', { json: { name: 'x' } })).expectError(401, 'AUTHORIZATION_HEADER_MISSING')
    const head = await app.server.inject({ method: 'HEAD', url: '/items' })
    assert.equal(head.statusCode, 200)
    assert.equal(head.body, '')
    const put = await app.server.inject({ method: 'PUT', url: '/items' })
    assert.equal(put.statusCode, 405)
    assert.equal(put.headers.allow, 'GET, HEAD, POST')
    // Operations are not Fastify routes (operation-router.ts): one catch-all serves them all.
    assert.equal(app.server.hasRoute({ method: 'POST', url: '/items' }), false)
    assert.equal(app.server.hasRoute({ method: 'POST', url: '/*' }), true)
  })

  test('x-decorate-server hooks run in order after security, inside the request context', async () => {
    const who = (await api.get('/decorated', { token })).expectOk().expectJson<Who>()
    assert.deepEqual(who.state, { profile: { id: 'alice', loaded: true }, audited: 'alice' })
    ;(await api.get('/decorated')).expectError(401, 'AUTHORIZATION_HEADER_MISSING')
  })

  test('/auth/version passes PyMacaron assertHasAuthVersion', async () => {
    const body = await assertHasAuthVersion(api, token)
    assert.equal(body.name, 'secure')
    ;(await api.get('/auth/version', { token: await testToken(app, 'x', { expiresIn: -60 }) })).expectError(401, 'TOKEN_EXPIRED')
  })
})
