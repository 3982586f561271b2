import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { exportJWK, SignJWT, type JWK } from 'jose'
import { createApp, type MacaronApp } from '../../src/index.js'
import { testClient, type TestClient } from '../../src/testing/index.js'
import { AUDIENCE, fixture, handlers, ISSUER } from './helpers.js'

const keyA = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const keyB = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const jwk = async (key: typeof keyA, kid: string): Promise<JWK> => ({ ...(await exportJWK(key.publicKey)), kid, alg: 'ES256', use: 'sig' })
const sign = (key: typeof keyA, kid: string) =>
  new SignJWT({ sub: `user-${kid}` }).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(key.privateKey)

/** The identity provider: serves whatever key set the test puts in `served`, and counts fetches. */
let served: { keys: JWK[] } | 'error' = { keys: [] }
let fetches = 0
let issuer: Server
let url: string

function appWith(key: Record<string, unknown>): Promise<MacaronApp> {
  return createApp({ dir: fixture, handlers: handlers(), logger: false, environ: { JWT_SECRET: 'unused' }, overrides: { jwt: { keys: [key], issuer: ISSUER, audience: AUDIENCE } } })
}

describe('JWKS URL', () => {
  let rotating: MacaronApp
  let api: TestClient
  before(async () => {
    issuer = createServer((_req, res) => {
      fetches++
      if (served === 'error') return void res.writeHead(500).end('down')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served))
    })
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}/jwks.json`
    served = { keys: [await jwk(keyA, 'a')] }
    // No cooldown, so that a new kid is fetched at once (the rotation case).
    rotating = await appWith({ jwks_url: url, cooldown_s: 0 })
    api = testClient(rotating)
  })
  after(async () => {
    await rotating.close()
    issuer.close()
  })

  test('fetches the set once and serves later tokens from the cache', async () => {
    const token = await sign(keyA, 'a')
    assert.equal((await api.get('/either', { token })).expectOk().expectJson<{ userId: string }>().userId, 'user-a')
    ;(await api.get('/either', { token })).expectOk()
    ;(await api.get('/either', { token })).expectOk()
    assert.equal(fetches, 1)
  })

  test('a token naming a new kid makes it fetch the rotated set', async () => {
    served = { keys: [await jwk(keyA, 'a'), await jwk(keyB, 'b')] }
    assert.equal((await api.get('/either', { token: await sign(keyB, 'b') })).expectOk().expectJson<{ userId: string }>().userId, 'user-b')
    assert.equal(fetches, 2)
    ;(await api.get('/either', { token: await sign(keyA, 'a') })).expectOk()
    assert.equal(fetches, 2)
  })

  test('a kid absent even after refetching is TOKEN_INVALID', async () => {
    const res = await api.get('/either', { token: await sign(keyB, 'zzz') })
    assert.equal(res.expectError(401, 'TOKEN_INVALID').error_description, 'The token names a signing key (kid) this service does not know')
  })

  test('with a cooldown, unknown kids cannot make it hammer the issuer', async () => {
    const app = await appWith({ jwks_url: url, cooldown_s: 30 })
    try {
      const client = testClient(app)
      ;(await client.get('/either', { token: await sign(keyA, 'a') })).expectOk()
      const before = fetches
      for (let i = 0; i < 5; i++) (await client.get('/either', { token: await sign(keyB, `unknown-${i}`) })).expectError(401, 'TOKEN_INVALID')
      assert.equal(fetches, before)
    } finally {
      await app.close()
    }
  })

  test('an issuer that cannot serve its keys is 503 SERVICE_UNAVAILABLE, not a 401 or a 500', async () => {
    served = 'error'
    const app = await appWith({ jwks_url: url })
    try {
      const res = await testClient(app).get('/either', { token: await sign(keyA, 'a') })
      assert.match(res.expectError(503, 'SERVICE_UNAVAILABLE').error_description, /keys to check the token cannot be fetched/)
    } finally {
      await app.close()
      served = { keys: [await jwk(keyA, 'a')] }
    }
  })
})
