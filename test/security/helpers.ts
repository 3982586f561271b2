import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, generateToken, getRequestId, getToken, getUser, getUserId, type Handler, type MacaronApp } from '../../src/index.js'

export const fixture = new URL('../fixtures/security', import.meta.url).pathname
export const SECRET = 'test-secret-that-is-long-enough-for-hs256!'
export const ISSUER = 'https://auth.test'
export const AUDIENCE = 'secure-api'

/** Keys made once per test process and written to a temporary folder as PEM files. */
export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
export const keyDir = mkdtempSync(join(tmpdir(), 'macaron-keys-'))
export const pem = (key: KeyObject) => key.export(key.type === 'private' ? { type: 'pkcs8', format: 'pem' } : { type: 'spki', format: 'pem' }) as string
writeFileSync(join(keyDir, 'rsa.pub.pem'), pem(rsa.publicKey))
writeFileSync(join(keyDir, 'rsa.pem'), pem(rsa.privateKey))

/** The fixture's jwt section: an HMAC secret (kid hs1, signs) and an RSA key (kid rs1). */
export function jwtSection(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    keys: [
      { kid: 'hs1', secret: 'JWT_SECRET', algorithms: ['HS256'] },
      { kid: 'rs1', public_key: join(keyDir, 'rsa.pub.pem'), private_key: join(keyDir, 'rsa.pem'), algorithms: ['RS256'] },
    ],
    issuer: ISSUER,
    audience: AUDIENCE,
    leeway_s: 5,
    cookie: 'token',
    ...extra,
  }
}

/** Every handler answers who called it, as the handler argument and the context getters see it. */
export function handlers(): Record<string, Handler> {
  const whoami: Handler = ({ user, state }) => ({
    user: user ?? null,
    userId: getUserId() ?? null,
    sameUser: getUser() === user,
    token: getToken() ?? null,
    requestId: getRequestId() ?? null,
    state,
  })
  const names = ['me', 'publicInfo', 'optional', 'admin', 'oidc', 'keyHeader', 'keyQuery', 'keyCookie', 'basic', 'either', 'both', 'keyScoped', 'decorated', 'createItem', 'listItems']
  return { ...Object.fromEntries(names.map((n) => [n, whoami])), me: async (ctx) => ({ ...(await whoami(ctx) as object), fresh: await generateToken(ctx.user!.id, { data: { scope: 'read' } }) }) }
}

export function secureApp(jwt: Record<string, unknown> = jwtSection()): Promise<MacaronApp> {
  return createApp({ dir: fixture, handlers: handlers(), logger: false, environ: { JWT_SECRET: SECRET }, overrides: { jwt } })
}
