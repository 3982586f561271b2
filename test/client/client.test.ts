import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, beforeEach, describe, test } from 'node:test'
import { createClient, RemoteError, type MacaronApp } from '../../src/index.js'
import { petsDir, startPets, versions, type Behaviour } from './helpers.js'

// A client of the pets scenario calling a second, real service over HTTP, for each of the
// scenario's documents (Swagger 2.0, OpenAPI 3.0, 3.1).
for (const version of versions) {
  describe(`client of pets ${version} over HTTP`, () => {
    let app: MacaronApp
    let behaviour: Behaviour
    let pets: ReturnType<typeof createClient<'pets'>>
    before(async () => {
      const started = await startPets(version)
      app = started.app
      behaviour = started.behaviour
      pets = createClient('pets', { dir: petsDir(version), baseUrl: started.url, timeoutMs: 2000, backoff: { baseMs: 5, maxMs: 20 } })
    })
    after(async () => {
      // After an aborted fetch, undici opens a spare connection that never sends a request,
      // and the server's drain waits for it to time out (up to the keep-alive timeout).
      app.server.server.closeAllConnections()
      await app.close()
    })
    beforeEach(() => Object.assign(behaviour, { failFirst: 0, slowMs: 0, calls: 0, seen: [] }))

    test('typed params, query and bodies; each call resolves to the 2xx body', async () => {
      const created = await pets.createPet({ body: { name: 'Rex', tag: 'dog' } })
      assert.equal(created.name, 'Rex')
      assert.equal(typeof created.id, 'number')
      const got = await pets.getPet({ params: { petId: created.id! } })
      assert.deepEqual({ id: got.id, name: got.name, tag: got.tag }, { id: created.id, name: 'Rex', tag: 'dog' })
      await pets.createPet({ body: { name: 'Tom', tag: 'cat' } })
      const dogs = await pets.listPets({ query: { tags: ['dog'], limit: 5 } })
      assert.deepEqual(dogs.map((p) => p.name), ['Rex'], 'the array query parameter reached the service')
      const limited = await pets.listPets({ query: { limit: 1 } })
      assert.equal(limited.length, 1)
      const found = await pets.searchPets({ body: { name: 'Tom', max_age: 3 } })
      assert.deepEqual(found.map((p) => p.name), ['Tom'], 'a form-urlencoded body is sent in its media type')
      assert.equal(await pets.deletePet({ params: { petId: created.id! } }), undefined, 'a 204 resolves to undefined')
      const stored = await pets.uploadPhoto({ params: { petId: 2 }, body: { photo: new Blob(['PNG bytes']), caption: 'Tom' } })
      assert.deepEqual(stored, { filename: 'photo', size: 9, caption: 'Tom' }, 'a multipart body with a file')
    })

    test("a remote error becomes a RemoteError with the remote code, status and error_id", async () => {
      const error = await pets.getPet({ params: { petId: 999 } }).then(() => undefined, (e: unknown) => e)
      assert.ok(error instanceof RemoteError)
      assert.equal(error.code, 'PET_NOT_FOUND')
      assert.equal(error.status, 404)
      assert.equal(error.message, 'Pet 999 does not exist')
      assert.match(error.errorId ?? '', /^[0-9a-f-]{36}$/)
      assert.equal(error.errorId, error.remote.body.error_id)
      assert.deepEqual([error.remote.api, error.remote.operationId], ['pets', 'getPet'])
    })

    test('an idempotent call is retried on 503 and then succeeds', async () => {
      behaviour.failFirst = 2
      assert.deepEqual(await pets.getOwner({ params: { petId: 3 } }), { pet: 3, owner: 'Ada' })
      assert.equal(behaviour.calls, 3)
    })

    test('retries are bounded: the last 503 comes back as the remote error', async () => {
      behaviour.failFirst = 100
      await assert.rejects(pets.getOwner({ params: { petId: 3 }, retries: 1 }), (e: RemoteError) => e.code === 'SERVICE_UNAVAILABLE' && e.status === 503)
      assert.equal(behaviour.calls, 2)
    })

    test('a POST is not retried', async () => {
      behaviour.failFirst = 1
      await assert.rejects(pets.createPet({ body: { name: 'Once' } }), (e: RemoteError) => e.code === 'SERVICE_UNAVAILABLE')
      assert.equal(behaviour.calls, 1)
    })

    test('a call that outlasts its timeout is retried, then fails with UPSTREAM_TIMEOUT', async () => {
      behaviour.slowMs = 400
      const started = Date.now()
      await assert.rejects(pets.getOwner({ params: { petId: 3 }, timeoutMs: 100, retries: 1 }), (e: RemoteError) => e.code === 'UPSTREAM_TIMEOUT' && e.status === 504 && /2 attempts/.test(e.message))
      // Waiting for the service would take 2 x 400 ms.
      assert.ok(Date.now() - started < 700, `each attempt ends at its timeout, took ${Date.now() - started} ms`)
      assert.equal(behaviour.calls, 2)
      await sleep(400)
    })
  })
}
