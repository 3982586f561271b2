import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, test } from 'node:test'
import { ConfigError, createApp, loadConfig } from '../../src/index.js'
import { BindingError } from '../../src/pipeline/bind.js'
import { testClient } from '../../src/testing/index.js'
import { fixture, handlers, jwtSection, SECRET } from './helpers.js'

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-sec-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const spec = (schemes: string, security: string, extra = '') => `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /x:
    get:
      operationId: x
      security: ${security}
${extra}      responses: { '204': { description: none } }
components:
  securitySchemes:
${schemes}
`

const problems = async (promise: Promise<unknown>, type: new (...args: never[]) => Error = ConfigError) => {
  const error = await promise.then(() => assert.fail('start-up succeeded'), (e: unknown) => e)
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`)
  return (error as Error).message
}

describe('security start-up checks', () => {
  test('a secret written in macaron.yaml is refused without being repeated', () => {
    const dir = project({ 'macaron.yaml': 'jwt:\n  keys:\n    - secret: "s3cr3t value with spaces!"\n' })
    assert.throws(() => loadConfig(dir, { environ: {} }), (error: Error) => {
      assert.ok(error instanceof ConfigError)
      assert.match(error.message, /macaron.yaml:3:\d+: jwt.keys\[0\].secret looks like a secret value/)
      assert.doesNotMatch(error.message, /s3cr3t/)
      return true
    })
  })

  test('a secret name must be listed in env_secrets', () => {
    const dir = project({ 'macaron.yaml': 'jwt:\n  keys:\n    - secret: JWT_SECRET\n' })
    assert.throws(() => loadConfig(dir, { environ: { JWT_SECRET: SECRET } }), /names JWT_SECRET, which is not listed in env_secrets/)
  })

  test('a key needs exactly one source', () => {
    const dir = project({ 'macaron.yaml': 'jwt:\n  keys:\n    - kid: a\n' })
    assert.throws(() => loadConfig(dir, { environ: {} }), ConfigError)
  })

  test('a bearer operation without a jwt section does not start', async () => {
    const dir = project({ 'apis/t.yaml': spec('    b: { type: http, scheme: bearer }', '[{ b: [] }]') })
    assert.match(await problems(createApp({ dir, logger: false, environ: {} })), /security scheme b takes JWT bearer tokens, but macaron.yaml has no jwt section with keys; operation x \(GET \/x\)$/)
  })

  test('a problem shared by many operations is one line naming how many, with examples', async () => {
    const paths = Array.from({ length: 50 }, (_, i) => `  /p${i}:\n    get: { operationId: p${i}, responses: { '204': { description: none } } }\n`).join('')
    const doc = `openapi: 3.1.0\ninfo: { title: t, version: '1' }\nsecurity: [{ b: [] }]\npaths:\n${paths}components:\n  securitySchemes:\n    b: { type: http, scheme: bearer }\n`
    const message = await problems(createApp({ dir: project({ 'apis/t.yaml': doc }), logger: false, environ: {} }))
    const lines = message.split('\n').filter((line) => line.includes('no jwt section'))
    assert.equal(lines.length, 1, message)
    assert.match(lines[0]!, /; 50 operations, e\.g\. p0 \(GET \/p0\), p1 \(GET \/p1\), p2 \(GET \/p2\)$/)
  })

  test('apiKey and basic need a verify function; unsupported schemes and unknown names are listed', async () => {
    const dir = project({
      'apis/t.yaml': spec('    k: { type: apiKey, in: header, name: X-Key }\n    m: { type: mutualTLS }\n    d: { type: http, scheme: digest }', '[{ k: [] }, { m: [] }, { d: [] }, { nope: [] }]'),
    })
    const message = await problems(createApp({ dir, logger: false, environ: {} }))
    assert.match(message, /security scheme k needs a verify function: name it under security.verify.k/)
    assert.doesNotMatch(message, /mutualTLS/, 'the first problem of an operation stops its compilation')
    const other = project({ 'apis/t.yaml': spec('    m: { type: mutualTLS }', '[{ m: [] }]') })
    assert.match(await problems(createApp({ dir: other, logger: false, environ: {} })), /mutualTLS is not supported/)
    const unknown = project({ 'apis/t.yaml': spec('    m: { type: http, scheme: digest }', '[{ nope: [] }]') })
    assert.match(await problems(createApp({ dir: unknown, logger: false, environ: {} })), /names nope, which components.securitySchemes does not declare/)
  })

  test('a verify function given to createApp is used', async () => {
    const dir = project({ 'apis/t.yaml': spec('    k: { type: apiKey, in: header, name: X-Key }', '[{ k: [] }]') })
    const app = await createApp({ dir, logger: false, environ: {}, handlers: { x: () => undefined }, verify: { k: (key: string) => (key === 'ok' ? 'me' : null) } })
    ;(await testClient(app).get('/x', { headers: { 'x-key': 'ok' } })).expectStatus(204)
    ;(await testClient(app).get('/x', { headers: { 'x-key': 'no' } })).expectError(401, 'API_KEY_INVALID')
    await app.close()
  })

  test('a verify function that returns nonsense is a 500, not a way in', async () => {
    const dir = project({ 'apis/t.yaml': spec('    k: { type: apiKey, in: header, name: X-Key }', '[{ k: [] }]') })
    const app = await createApp({ dir, logger: false, environ: {}, handlers: { x: () => undefined }, verify: { k: (() => true) as never } })
    ;(await testClient(app).get('/x', { headers: { 'x-key': 'ok' } })).expectError(500, 'SERVER_ERROR')
    await app.close()
  })

  test('x-decorate-server bindings that name nothing stop start-up', async () => {
    const dir = project({ 'apis/t.yaml': spec('    b: { type: http, scheme: basic }', '[]', "      x-decorate-server: src/hooks#missing\n") })
    assert.match(await problems(createApp({ dir, logger: false, environ: {} }), BindingError), /x \(GET \/x in .*\): x-decorate-server 'src\/hooks#missing' points at src\/hooks, which is not a file/)
  })

  test('unreadable key files, plain-http JWKS URLs and short secrets are refused', async () => {
    const start = (jwt: Record<string, unknown>, secret = SECRET) => createApp({ dir: fixture, handlers: handlers(), logger: false, environ: { JWT_SECRET: secret }, overrides: { jwt } })
    assert.match(await problems(start({ keys: [{ public_key: 'keys/none.pem' }] })), /jwt.keys: public_key keys\/none.pem cannot be read \(ENOENT\)/)
    assert.match(await problems(start({ keys: [{ jwks_url: 'http://idp.example.com/jwks' }] })), /jwks_url must use https/)
    assert.match(await problems(start(jwtSection(), 'too-short')), /jwt.keys\[0\]: the secret is 9 bytes; HMAC keys need at least 32/)
  })
})
