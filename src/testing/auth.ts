import { AssertionError } from 'node:assert'
import { jwtFromConfig, type JwtSetup } from '../auth/from-config.js'
import type { TokenOptions } from '../auth/sign.js'
import type { MacaronConfig } from '../config/schema.js'
import type { TestClient } from './client.js'

const setups = new WeakMap<MacaronConfig, JwtSetup>()

/**
 * A token the app accepts: signed with its first signing key, for its issuer and audience.
 * Pass `expiresIn: -60` for an expired one, or `data: { scope: 'a b' }` for scopes.
 * Takes the app, or for a live server `{ config: loadConfig(dir) }`.
 */
export async function testToken(source: { config: MacaronConfig }, userId = 'test-user', options?: TokenOptions): Promise<string> {
  const { config } = source
  if (!config.jwt) throw new Error('testToken: the configuration has no jwt section')
  let setup = setups.get(config)
  if (!setup) setups.set(config, (setup = jwtFromConfig(config.jwt, config.secrets, config.dir)))
  if (!setup.sign) throw new Error('testToken: no jwt key can sign (add a secret or a private_key)')
  return setup.sign(userId, options)
}

/** PyMacaron's cases: malformed Authorization headers are 401 with these codes. */
const REFUSED: Array<[header: string | undefined, code: string]> = [
  [undefined, 'AUTHORIZATION_HEADER_MISSING'],
  ['Bearer1234567890', 'TOKEN_INVALID'],
  ['bearer foo bar', 'TOKEN_INVALID'],
  ['Bearer 1234567890', 'TOKEN_INVALID'],
]

/**
 * GET /auth/version refuses missing and malformed tokens with 401, the right code and a
 * WWW-Authenticate header, and answers 200 with the version body for `token`.
 */
export async function assertHasAuthVersion(client: TestClient, token: string): Promise<Record<string, unknown>> {
  for (const [authorization, code] of REFUSED) {
    const res = await client.get('/auth/version', authorization === undefined ? {} : { headers: { authorization } })
    res.expectError(401, code)
    if (!/^Bearer /.test(res.header('www-authenticate') ?? '')) {
      throw new AssertionError({ message: `/auth/version with ${JSON.stringify(authorization)}: no Bearer WWW-Authenticate header` })
    }
  }
  const body = (await client.get('/auth/version', { token })).expectOk().expectJson<Record<string, unknown>>()
  for (const field of ['name', 'version'] as const) {
    if (typeof body[field] !== 'string') throw new AssertionError({ message: `/auth/version: missing ${field} in ${JSON.stringify(body)}` })
  }
  return body
}
