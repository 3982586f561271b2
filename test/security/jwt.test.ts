import assert from 'node:assert/strict'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, test } from 'node:test'
import { exportJWK, SignJWT } from 'jose'
import { buildKey, createTokenSigner, createTokenVerifier, TokenError, type KeySpec, type TokenProblem } from '../../src/auth/index.js'
import { pem } from './helpers.js'

const now = () => Math.floor(Date.now() / 1000)
const claims = { sub: 'u1', exp: now() + 60 }

function verifier(specs: KeySpec[], extra: { issuer?: string; audience?: string } = {}) {
  return createTokenVerifier({ keys: specs.map((s, i) => buildKey(s, `key ${i}`)), leewaySeconds: 0, maxTokenLength: 8192, ...extra })
}

async function refusal(promise: Promise<unknown>): Promise<TokenProblem> {
  const error = await promise.then(() => assert.fail('the token was accepted'), (e: unknown) => e)
  assert.ok(error instanceof TokenError, `not a TokenError: ${String(error)}`)
  return error.problem
}

const pair = (type: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519', curve?: string) =>
  type === 'ec' ? generateKeyPairSync('ec', { namedCurve: curve! }) : type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync(type as 'rsa', { modulusLength: 2048 })
const rsa = pair('rsa')
const families: Array<{ alg: string; keys: { publicKey: KeyObject; privateKey: KeyObject } }> = [
  { alg: 'RS256', keys: rsa },
  { alg: 'RS384', keys: rsa },
  { alg: 'RS512', keys: rsa },
  { alg: 'PS256', keys: rsa },
  { alg: 'PS384', keys: rsa },
  { alg: 'PS512', keys: rsa },
  { alg: 'ES256', keys: pair('ec', 'P-256') },
  { alg: 'ES384', keys: pair('ec', 'P-384') },
  { alg: 'ES512', keys: pair('ec', 'P-521') },
  { alg: 'EdDSA', keys: pair('ed25519') },
]
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')

describe('JWT algorithms', () => {
  for (const alg of ['HS256', 'HS384', 'HS512']) {
    test(`${alg} with a secret`, async () => {
      const token = await new SignJWT(claims).setProtectedHeader({ alg }).sign(secret)
      const { claims: got } = await verifier([{ kind: 'secret', secret }])(token)
      assert.equal(got.sub, 'u1')
    })
  }
  for (const { alg, keys } of families) {
    test(`${alg} with a PEM public key`, async () => {
      const token = await new SignJWT(claims).setProtectedHeader({ alg }).sign(keys.privateKey)
      assert.equal((await verifier([{ kind: 'pem', publicPem: pem(keys.publicKey) }])(token)).claims.sub, 'u1')
    })
  }

  test('a key verifies only the algorithms of its allow-list', async () => {
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'PS256' }).sign(rsa.privateKey)
    assert.equal(await refusal(verifier([{ kind: 'pem', publicPem: pem(rsa.publicKey), algorithms: ['RS256'] }])(token)), 'algorithm')
  })

  test('an allow-list outside the key family is refused at start-up', () => {
    assert.throws(() => buildKey({ kind: 'pem', publicPem: pem(rsa.publicKey), algorithms: ['HS256'] }, 'jwt.keys[0]'), /jwt.keys\[0\]: algorithms HS256 cannot be used with this key/)
    assert.throws(() => buildKey({ kind: 'secret', secret, algorithms: ['RS256'] }, 'k'), /RS256 cannot be used/)
  })

  test('HMAC secrets shorter than 32 bytes are refused at start-up', () => {
    assert.throws(() => buildKey({ kind: 'secret', secret: new TextEncoder().encode('short') }, 'jwt.keys[0]'), /5 bytes; HMAC keys need at least 32/)
  })

  test('a JWK set picks the key by kid', async () => {
    const a = pair('ec', 'P-256')
    const b = pair('ec', 'P-256')
    const jwks = { keys: [{ ...(await exportJWK(a.publicKey)), kid: 'a', alg: 'ES256' }, { ...(await exportJWK(b.publicKey)), kid: 'b', alg: 'ES256' }] }
    const verify = verifier([{ kind: 'jwks', jwks }])
    assert.equal((await verify(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'b' }).sign(b.privateKey))).header.kid, 'b')
    assert.equal(await refusal(verify(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'c' }).sign(b.privateKey))), 'unknown_key')
    assert.equal(await refusal(verify(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'a' }).sign(b.privateKey))), 'signature')
  })

  test('several static keys: tried by kid, else every key of the algorithm', async () => {
    const other = new TextEncoder().encode('another secret that is long enough for hs256')
    const verify = verifier([{ kind: 'secret', secret, kid: 'one' }, { kind: 'secret', secret: other, kid: 'two' }])
    assert.equal((await verify(await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(other))).claims.sub, 'u1')
    assert.equal((await verify(await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'two' }).sign(other))).claims.sub, 'u1')
    assert.equal(await refusal(verify(await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'one' }).sign(other))), 'signature')
  })
})

describe('generateToken signer', () => {
  const key = buildKey({ kind: 'pem', publicPem: pem(rsa.publicKey), privatePem: pem(rsa.privateKey), kid: 'k1', algorithms: ['PS256'] }, 'k')
  const sign = createTokenSigner([key], { expiresIn: 3600, issuer: 'me', audience: 'you' })!

  test('signs with the first signing key, its first algorithm and kid', async () => {
    const token = await sign('u1', { data: { role: 'admin' }, audience: ['you', 'them'] })
    const { claims: got, header } = await verifier([{ kind: 'pem', publicPem: pem(rsa.publicKey) }], { issuer: 'me', audience: 'them' })(token)
    assert.deepEqual([header.alg, header.kid, got.sub, got.role, got.exp! - got.iat!], ['PS256', 'k1', 'u1', 'admin', 3600])
  })

  test('refuses registered claims in data and an empty user id', async () => {
    await assert.rejects(sign('u1', { data: { sub: 'someone-else' } }), /set sub through the options/)
    await assert.rejects(sign(''), /userId must be a non-empty string/)
  })

  test('no signing material, no signer', () => {
    assert.equal(createTokenSigner([buildKey({ kind: 'pem', publicPem: pem(rsa.publicKey) }, 'k')], { expiresIn: 60 }), undefined)
  })
})
