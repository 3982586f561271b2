import assert from 'node:assert/strict'
import { createApp, createClient, RemoteError } from 'macaron'

// The service being called: the greetings project of docs/types.md, over real HTTP.
const service = await createApp({ dir: 'docs/examples/types', logger: false })
const url = await service.listen({ port: 0, host: '127.0.0.1' })

// #region call
// 'greetings' is apis/greetings.yaml of the project in `dir`; its types come from
// `macaron generate` (src/generated), so each method and its result are typed.
const greetings = createClient('greetings', { dir: 'docs/examples/types', baseUrl: url, timeoutMs: 2000 })

const ada = await greetings.getGreeting({ params: { name: 'ada' }, query: { lang: 'fr' } })
assert.equal(ada.text, 'Bonjour Ada') // ada is a Greeting, also checked against the spec at run time

await greetings.createGreeting({ body: { name: 'alan', text: 'Hi Alan' } })
// #endregion call

// #region errors
try {
  await greetings.getGreeting({ params: { name: 'nobody' } })
  assert.fail('expected NO_GREETING')
} catch (error) {
  // The remote service's code, status and error_id, kept. Left uncaught in a handler, it
  // answers this service's caller just as the remote service answered.
  assert.ok(error instanceof RemoteError)
  assert.equal(error.code, 'NO_GREETING')
  assert.equal(error.status, 404)
  assert.equal(error.errorId, error.remote.body.error_id)
}
// #endregion errors

// #region in-process
// An app of this process, without a base URL: calls go through its whole pipeline in-process.
const local = createClient('greetings', { app: service })
assert.equal((await local.getGreeting({ params: { name: 'alan' } })).text, 'Hi Alan')
// #endregion in-process

await service.close()
