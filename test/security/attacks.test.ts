import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { SignJWT } from 'jose'
import type { MacaronApp } from '../../src/index.js'
import { liveClient, testClient, testToken, type TestClient } from '../../src/testing/index.js'
import { AUDIENCE, ISSUER, pem, rsa, SECRET, secureApp } from './helpers.js'

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const now = () => Math.floor(Date.now() / 1000)
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'mallory', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600, ...extra })
const hmac = (input: string, key: string | Buffer) => createHmac('sha256', key).update(input).digest('base64url')

/** A token signed with the app's own HMAC secret, with any claims and header. */
function signed(extra: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT', kid: 'hs1' }): string {
  const input = `${b64(header)}.${b64(claims(extra))}`
  return `${input}.${hmac(input, SECRET)}`
}

function flipSignature(token: string): string {
  const i = token.lastIndexOf('.') + 5
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1)
}

interface Attack {
  name: string
  headers: () => Promise<Record<string, string>> | Record<string, string>
  path?: string
  status: number
  code?: string
  /** Over real HTTP, Node's parser refuses headers over 16 KiB before Macaron sees them. */
  live?: { status: number; code: string }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const publicPem = pem(rsa.publicKey)
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 })

const attacks: Attack[] = [
  { name: 'alg none, empty signature', headers: () => bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`), status: 401, code: 'TOKEN_INVALID' },
  { name: 'alg none with a signature', headers: () => bearer(`${b64({ alg: 'none' })}.${b64(claims())}.${hmac('x', SECRET)}`), status: 401, code: 'TOKEN_INVALID' },
  { name: 'alg NoNe (case games)', headers: () => bearer(`${b64({ alg: 'NoNe' })}.${b64(claims())}.${hmac('x', SECRET)}`), status: 401, code: 'TOKEN_INVALID' },
  {
    name: 'key confusion: HS256 signed with the RS256 public key, kid of the RSA key',
    headers: () => {
      const input = `${b64({ alg: 'HS256', kid: 'rs1' })}.${b64(claims())}`
      return bearer(`${input}.${hmac(input, publicPem)}`)
    },
    status: 401,
    code: 'TOKEN_INVALID',
  },
  {
    name: 'key confusion: HS256 signed with the RS256 public key, no kid',
    headers: () => {
      const input = `${b64({ alg: 'HS256' })}.${b64(claims())}`
      return bearer(`${input}.${hmac(input, publicPem)}`)
    },
    status: 401,
    code: 'TOKEN_INVALID',
  },
  { name: 'wrong signature', headers: () => bearer(flipSignature(signed())), status: 401, code: 'TOKEN_INVALID' },
  { name: 'signed by another RSA key with our kid', headers: async () => bearer(await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'rs1' }).sign(otherRsa.privateKey)), status: 401, code: 'TOKEN_INVALID' },
  { name: 'truncated token', headers: () => bearer(signed().slice(0, 60)), status: 401, code: 'TOKEN_INVALID' },
  { name: 'truncated signature', headers: () => bearer(signed().slice(0, -10)), status: 401, code: 'TOKEN_INVALID' },
  { name: 'bad base64 in the header', headers: () => bearer('eyJ*bGciOiJIUzI1NiJ9.' + signed().split('.').slice(1).join('.')), status: 401, code: 'TOKEN_INVALID' },
  { name: 'header that is not JSON', headers: () => bearer(`${b64('{"alg":"HS256"')}.${b64(claims())}.${hmac('x', SECRET)}`), status: 401, code: 'TOKEN_INVALID' },
  { name: 'payload that is not JSON', headers: () => bearer(`${b64({ alg: 'HS256', kid: 'hs1' })}.${b64('not json')}.${hmac(`${b64({ alg: 'HS256', kid: 'hs1' })}.${b64('not json')}`, SECRET)}`), status: 401, code: 'TOKEN_INVALID' },
  { name: 'five parts (JWE shape)', headers: () => bearer('a.b.c.d.e'), status: 401, code: 'TOKEN_INVALID' },
  { name: 'wrong aud', headers: () => bearer(signed({ aud: 'another-api' })), status: 401, code: 'TOKEN_INVALID' },
  { name: 'wrong iss', headers: () => bearer(signed({ iss: 'https://evil.test' })), status: 401, code: 'TOKEN_INVALID' },
  { name: 'no sub', headers: () => bearer(signed({ sub: undefined })), status: 401, code: 'TOKEN_INVALID' },
  { name: 'no exp', headers: () => bearer(signed({ exp: undefined })), status: 401, code: 'TOKEN_INVALID' },
  { name: 'expired', headers: () => bearer(signed({ exp: now() - 60 })), status: 401, code: 'TOKEN_EXPIRED' },
  { name: 'expired within the leeway is accepted', headers: () => bearer(signed({ exp: now() - 2 })), status: 200 },
  { name: 'nbf in the future', headers: () => bearer(signed({ nbf: now() + 600 })), status: 401, code: 'TOKEN_INVALID' },
  { name: 'iat in the future', headers: () => bearer(signed({ iat: now() + 600 })), status: 401, code: 'TOKEN_INVALID' },
  { name: 'kid naming no key', headers: () => bearer(signed({}, { alg: 'HS256', kid: 'nobody' })), status: 401, code: 'TOKEN_INVALID' },
  { name: 'algorithm outside the allow-list (HS512 with our secret)', headers: async () => bearer(await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET))), status: 401, code: 'TOKEN_INVALID' },
  { name: '9 KB token (over max_token_length)', headers: () => bearer('a'.repeat(9 * 1024)), status: 401, code: 'TOKEN_INVALID' },
  { name: '16 KB token', headers: () => bearer(`${b64({ alg: 'HS256' })}.${'A'.repeat(16 * 1024)}.sig`), status: 401, code: 'TOKEN_INVALID', live: { status: 431, code: 'HEADERS_TOO_LARGE' } },
  { name: 'bearer in lower case is the same scheme (RFC 9110 §11.1)', headers: () => ({ authorization: `bearer ${signed()}` }), status: 200 },
  { name: 'extra spaces after Bearer are allowed (1*SP)', headers: () => ({ authorization: `Bearer    ${signed()}` }), status: 200 },
  { name: 'space inside the token', headers: () => ({ authorization: `Bearer ${signed().replace('.', '. ')}` }), status: 401, code: 'TOKEN_INVALID' },
  { name: 'Bearer with no token', headers: () => ({ authorization: 'Bearer ' }), status: 401, code: 'TOKEN_INVALID' },
  { name: 'another scheme', headers: () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }), status: 401, code: 'AUTHORIZATION_HEADER_MISSING' },
  { name: 'token in the query where the scheme says header', path: `/me?access_token=${signed()}`, headers: () => ({}), status: 401, code: 'AUTHORIZATION_HEADER_MISSING' },
  { name: 'token cookie sent twice', headers: () => ({ cookie: `token=${signed()}; token=${signed()}` }), status: 401, code: 'TOKEN_INVALID' },
]

for (const transport of ['in-process', 'http'] as const) {
  describe(`token attacks (${transport})`, () => {
    let app: MacaronApp
    let api: TestClient
    before(async () => {
      app = await secureApp()
      api = transport === 'http' ? await liveClient(app) : testClient(app)
    })
    after(() => app.close())

    for (const attack of attacks) {
      const status = (transport === 'http' && attack.live?.status) || attack.status
      test(`${attack.name} → ${status} ${status === attack.status ? (attack.code ?? '') : ''}`, async () => {
        const res = await api.get(attack.path ?? '/me', { headers: await attack.headers() })
        if (status === 200) {
          assert.equal(res.expectOk().expectJson<{ userId: string }>().userId, 'mallory')
          return
        }
        if (status !== attack.status) return void res.expectError(status, attack.live!.code)
        const body = res.expectError(status, attack.code!)
        const challenge = res.header('www-authenticate') ?? ''
        assert.match(challenge, /^Bearer realm="secure"/)
        if (attack.code === 'AUTHORIZATION_HEADER_MISSING') assert.doesNotMatch(challenge, /error=/, 'RFC 6750 §3.1: no error code when no credentials were sent')
        else assert.match(challenge, /error="invalid_token", error_description="[^"]+"/)
        // Nothing about keys or expected values reaches the client.
        assert.doesNotMatch(body.error_description, /secret|BEGIN|another-api|evil|secure-api|hs1|rs1/i)
      })
    }

    test('the server still serves a valid token after every attack', async () => {
      const token = await testToken(app, 'alice')
      const body = (await api.get('/me', { token })).expectOk().expectJson<{ userId: string }>()
      assert.equal(body.userId, 'alice')
    })
  })
}
