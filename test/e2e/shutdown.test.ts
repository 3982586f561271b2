import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { petHandlers } from '../fixtures/pets/handlers.js'

test('close() does not wait for a connection that never sends a request, and still drains one that does', async () => {
  let arrived!: () => void
  const handlerStarted = new Promise<void>((resolve) => (arrived = resolve))
  const slowList = async () => {
    arrived()
    await new Promise((resolve) => setTimeout(resolve, 200))
    return []
  }
  const app = await createApp({ dir: new URL('../fixtures/pets/v31', import.meta.url).pathname, handlers: { ...petHandlers(), listPets: slowList }, logger: false, environ: {} })
  const port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port)
  const silent = connect(port, '127.0.0.1')
  await new Promise((resolve) => silent.once('connect', resolve))
  const silentClosed = new Promise((resolve) => silent.once('close', resolve))
  // A request in flight when close() starts must still get its answer.
  const inFlight = fetch(`http://127.0.0.1:${port}/pets`)
  await handlerStarted
  const started = Date.now()
  await app.close()
  // Without the sweep the silent socket holds close() until the headers timeout (60 s).
  assert.ok(Date.now() - started < 5000, `close() took ${Date.now() - started} ms`)
  await silentClosed
  assert.equal((await inFlight).status, 200)
})
