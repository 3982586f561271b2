import { AssertionError } from 'node:assert'
import type { MacaronApp } from '../app.js'
import { TestClient } from './client.js'

export { TestClient, type RequestOptions, type QueryValue } from './client.js'
export { TestResponse } from './response.js'
export { assertHasAuthVersion, testToken } from './auth.js'

/**
 * A test client for an app in-process, a live base URL, or (with no argument) the live
 * server named by MACARON_TEST_URL, so one test file runs against both.
 */
export function testClient(target?: MacaronApp | string): TestClient {
  if (target === undefined) {
    const url = process.env.MACARON_TEST_URL
    if (!url) throw new Error('testClient() needs an app, a URL, or the MACARON_TEST_URL environment variable')
    return TestClient.live(url)
  }
  if (typeof target === 'string') return TestClient.live(target)
  // Routes compile on first request; a test should see a schema Ajv refuses at once.
  target.compileAll()
  return TestClient.inProcess(target)
}

/** Starts the app on a free loopback port and returns a client over real HTTP. */
export async function liveClient(app: MacaronApp): Promise<TestClient> {
  app.compileAll()
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return TestClient.live(url)
}

/** GET /ping answers 200 with a JSON object. */
export async function assertHasPing(client: TestClient): Promise<void> {
  const body = (await client.get('/ping')).expectOk().expectJson()
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AssertionError({ message: `/ping: expected a JSON object, got ${JSON.stringify(body)}` })
}

/** GET /version answers 200 with at least name, version and apis. */
export async function assertHasVersion(client: TestClient, expected: { name?: string; version?: string } = {}): Promise<Record<string, unknown>> {
  const body = (await client.get('/version')).expectOk().expectJson<Record<string, unknown>>()
  for (const field of ['name', 'version', 'apis'] as const) {
    if (body[field] === undefined) throw new AssertionError({ message: `/version: missing ${field} in ${JSON.stringify(body)}` })
  }
  for (const [field, value] of Object.entries(expected)) {
    if (body[field] !== value) throw new AssertionError({ message: `/version: ${field} is ${JSON.stringify(body[field])}, expected ${JSON.stringify(value)}` })
  }
  return body
}
