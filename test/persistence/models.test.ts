// The whole model API, errors included, over every backend available (models/backends.ts).
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import { currentContext, runWithContext } from '../../src/context/index.js'
import { isApiError } from '../../src/errors/api-error.js'
import { registry } from '../../src/observability/metrics.js'
import { newTimings } from '../../src/observability/timings.js'
import { buildPersistence, openPersistence, type Persistence } from '../../src/persistence/setup.js'
import { transact } from '../../src/persistence/transact.js'
import { StoreUnavailable, type Store } from '../../src/persistence/store.js'
import { loadApis } from '../../src/spec/index.js'
import { availableBackends } from './models/backends.js'
import type { PersistedModel } from '../../src/persistence/persisted-model.js'

const dir = resolve(import.meta.dirname, '../fixtures/persistence')
const apis = await loadApis(resolve(dir, 'apis'))

function code(expected: string, status: number) {
  return (error: unknown) => {
    assert.ok(isApiError(error), `expected ${expected}, got ${String(error)}`)
    assert.equal(error.code, expected)
    assert.equal(error.status, status)
    return true
  }
}

for (const backend of availableBackends()) {
  describe(`models on ${backend.name}`, { timeout: 120_000 }, () => {
    let p: Persistence
    let store: Store
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let Profile: any, Event: any, Note: any
    before(async () => {
      const config = loadConfig(dir, { env: 'test', overrides: { persistence: await backend.persistence() } })
      p = await buildPersistence(apis, config)
      store = await openPersistence(p)
      ;({ Profile, Event, Note } = p.models.store as Record<string, never>)
    })
    after(async () => {
      await store?.close()
    })

    test('create, load, get, exists; create twice is ITEM_ALREADY_EXISTS; a missing item is ITEM_NOT_FOUND', async () => {
      const created = await Profile.create({ profile_id: 'p1', name: 'Ada' })
      assert.equal(created.version, 1)
      assert.match(created.created_at, /^\d{4}-\d\d-\d\dT/)
      assert.equal(created.updated_at, created.created_at)
      const loaded = await Profile.load('p1')
      assert.ok(loaded instanceof Profile)
      assert.deepEqual(loaded.toJson(), created.toJson())
      assert.deepEqual((await Profile.get({ profile_id: 'p1' }))?.toJson(), created.toJson())
      assert.equal(await Profile.exists('p1'), true)
      assert.equal(await Profile.exists('nobody'), false)
      assert.equal(await Profile.get('nobody'), undefined)
      await assert.rejects(Profile.create({ profile_id: 'p1', name: 'Other' }), code('ITEM_ALREADY_EXISTS', 409))
      assert.equal((await Profile.load('p1')).name, 'Ada')
      await assert.rejects(Profile.load('nobody'), (e: unknown) => code('ITEM_NOT_FOUND', 404)(e) && /Profile nobody does not exist/.test((e as Error).message))
    })

    test('save is conditional on the version and bumps it: a stale copy gets VERSION_CONFLICT', async () => {
      await Profile.create({ profile_id: 'p2', name: 'Bob', view_count: 0 })
      const a = await Profile.load('p2')
      const b = await Profile.load('p2')
      a.view_count += 1
      await a.save()
      assert.equal(a.version, 2)
      b.view_count += 10
      await assert.rejects(b.save(), code('VERSION_CONFLICT', 409))
      const now = await Profile.load('p2')
      assert.equal(now.view_count, 1)
      assert.equal(now.version, 2)
      const fresh = Profile.fromJson({ profile_id: 'p-new', name: 'New' })
      await fresh.save()
      assert.equal(fresh.version, 1)
      const again = Profile.fromJson({ profile_id: 'p-new', name: 'Clobber' })
      await assert.rejects(again.save(), code('VERSION_CONFLICT', 409))
    })

    test('update(partial) writes only the given fields, removes undefined ones, bumps the version; stale or gone copies fail', async () => {
      await Profile.create({ profile_id: 'p3', name: 'Cy', note: 'keep', tags: ['a'] })
      const a = await Profile.load('p3')
      const stale = await Profile.load('p3')
      await a.update({ name: 'Cyd', tags: undefined })
      assert.equal(a.version, 2)
      assert.equal(a.tags, undefined)
      const stored = await Profile.load('p3')
      assert.equal(stored.name, 'Cyd')
      assert.equal(stored.note, 'keep')
      assert.equal(stored.tags, undefined)
      assert.ok(stored.updated_at >= stored.created_at)
      await assert.rejects(stale.update({ note: 'lost' }), code('VERSION_CONFLICT', 409))
      await assert.rejects(a.update({ name: 42 }), code('INVALID_MODEL', 400))
      await assert.rejects(async () => a.update({ profile_id: 'other' }), /cannot change the key/)
      await stored.delete()
      await assert.rejects(a.update({ note: 'x' }), code('ITEM_NOT_FOUND', 404))
    })

    test('delete removes the item; deleting it again is ITEM_NOT_FOUND', async () => {
      const p = await Profile.create({ profile_id: 'p4', name: 'Di' })
      await p.delete()
      assert.equal(await Profile.exists('p4'), false)
      await assert.rejects(p.delete(), code('ITEM_NOT_FOUND', 404))
    })

    test('every write is validated first: INVALID_MODEL with the fields, and nothing is stored', async () => {
      await assert.rejects(Profile.create({ profile_id: 'bad', name: 'x', view_count: -1, colour: 'red' }), (e: unknown) => {
        code('INVALID_MODEL', 400)(e)
        const fields = ((e as { details: { errors: Array<{ field: string }> } }).details.errors).map((f) => f.field).sort()
        assert.deepEqual(fields, ['colour', 'view_count'])
        return true
      })
      assert.equal(await Profile.exists('bad'), false)
      const p = await Profile.create({ profile_id: 'p5', name: 'Ed' })
      p.view_count = 1.5
      await assert.rejects(p.save(), code('INVALID_MODEL', 400))
      assert.equal((await Profile.load('p5')).view_count, undefined)
    })

    test('marshalling: floats, int64 beyond 2^53, bytes, dates, nested objects, empty strings, reserved words; undefined dropped', async () => {
      const big = 2n ** 62n + 7n
      await Profile.create({
        profile_id: 'p6',
        name: '',
        status: 'active',
        score: 0.1 + 0.2,
        big,
        avatar: Buffer.from([0, 1, 2, 255]).toString('base64'),
        birthday: new Date('2000-02-29T12:00:00Z'),
        address: { city: 'Paris', lines: ['1 rue', ''], zip: null },
        note: undefined,
        tags: [],
      })
      const p = await Profile.load('p6')
      assert.equal(p.name, '')
      assert.equal(p.status, 'active')
      assert.equal(p.score, 0.1 + 0.2)
      assert.equal(p.big, big)
      assert.ok(Buffer.isBuffer(p.avatar))
      assert.deepEqual([...p.avatar], [0, 1, 2, 255])
      assert.equal(p.birthday, '2000-02-29')
      assert.deepEqual(p.address, { city: 'Paris', lines: ['1 rue', ''], zip: null })
      assert.deepEqual(p.tags, [])
      assert.equal('note' in p, false)
      assert.equal(Number.isInteger(p.version), true)
      assert.equal(JSON.parse(JSON.stringify(p)).big, big.toString())
      p.big = 5n
      await p.save()
      assert.equal((await Profile.load('p6')).big, 5)
    })

    test('an item over 400 KB is refused before the call with ITEM_TOO_LARGE (413)', async () => {
      await assert.rejects(Profile.create({ profile_id: 'huge', name: 'x', padding: 'x'.repeat(401 * 1024) }), code('ITEM_TOO_LARGE', 413))
      assert.equal(await Profile.exists('huge'), false)
      await Profile.create({ profile_id: 'large', name: 'x', padding: 'x'.repeat(390 * 1024) })
      assert.equal((await Profile.load('large')).padding.length, 390 * 1024)
    })

    test('query: sort conditions, order, limit with opaque cursors, and indexes', async () => {
      await Event.batchSave(Array.from({ length: 12 }, (_, i) => ({ stream: 's1', seq: i, kind: i % 2 ? 'odd' : 'even', at: `t${String(i).padStart(2, '0')}` })))
      await Event.create({ stream: 's2', seq: 0, kind: 'odd', at: 't99' })
      const range = await Event.query({ key: 's1', sort: { op: 'between', value: 3, to: 6 } })
      assert.deepEqual(range.items.map((e: PersistedModel) => e.seq), [3, 4, 5, 6])
      const desc = await Event.query({ key: 's1', sort: { op: '>=', value: 9 }, order: 'desc' })
      assert.deepEqual(desc.items.map((e: PersistedModel) => e.seq), [11, 10, 9])
      const seen: number[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await Event.query({ key: 's1', limit: 5, ...(cursor ? { cursor } : {}) })
        seen.push(...page.items.map((e: PersistedModel) => e.seq as number))
        cursor = page.cursor
        pages++
      } while (cursor && pages < 10)
      assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
      assert.ok(pages >= 3)
      const odd = await Event.query({ index: 'byKind', key: 'odd', sort: { op: 'begins_with', value: 't0' } })
      assert.deepEqual(odd.items.map((e: PersistedModel) => `${e.stream}/${e.seq}`), ['s1/1', 's1/3', 's1/5', 's1/7', 's1/9'])
      await assert.rejects(Event.query({ index: 'nope', key: 'x' }), /no index nope/)
    })

    test('scan pages through every item with cursors', async () => {
      const ids = new Set<string>()
      let cursor: string | undefined
      for (let i = 0; i < 50; i++) {
        const page = await Event.scan({ limit: 4, ...(cursor ? { cursor } : {}) })
        for (const e of page.items) ids.add(`${e.stream}/${e.seq}`)
        cursor = page.cursor
        if (!cursor) break
      }
      assert.equal(cursor, undefined)
      assert.ok(ids.has('s2/0') && ids.has('s1/11'))
    })

    test('batchSave and batchLoad handle more items than one DynamoDB batch, in the order asked', async () => {
      const items = Array.from({ length: 130 }, (_, i) => ({ profile_id: `b${i}`, name: `n${i}` }))
      const saved = await Profile.batchSave(items)
      assert.equal(saved.length, 130)
      assert.equal(saved[0].version, 1)
      const keys = ['b129', 'missing', ...Array.from({ length: 110 }, (_, i) => `b${i}`)]
      const loaded = await Profile.batchLoad(keys)
      assert.equal(loaded.length, 111)
      assert.equal(loaded[0].name, 'n129')
      assert.equal(loaded[1].name, 'n0')
      await assert.rejects(Profile.batchSave([{ profile_id: 'bx', name: 7 }]), code('INVALID_MODEL', 400))
    })

    test('transact writes across models all or nothing, and a failed condition names the write', async () => {
      const keep = await Profile.create({ profile_id: 't1', name: 'T' })
      const note = Note.fromJson({ note_id: 'n-t', text: 'hello' })
      await transact([{ create: note }, { update: keep, set: { note: 'in tx' } }, { create: Event.fromJson({ stream: 'tx', seq: 1, kind: 'k' }) }])
      assert.equal((await Note.load('n-t')).text, 'hello')
      assert.equal((await Profile.load('t1')).note, 'in tx')
      assert.equal(keep.version, 2)
      const stale = Profile.fromJson({ ...(await Profile.load('t1')).toJson(), version: 1 })
      await assert.rejects(
        transact([{ create: Note.fromJson({ note_id: 'n-t2', text: 'x' }) }, { save: stale }]),
        (e: unknown) => isApiError(e) && ['VERSION_CONFLICT', 'TRANSACTION_CONFLICT'].includes(e.code) && e.status === 409,
      )
      assert.equal(await Note.exists('n-t2'), false)
      await assert.rejects(transact([{ create: Note.fromJson({ note_id: 'n-t', text: 'dup' }) }]), (e: unknown) => isApiError(e) && ['ITEM_ALREADY_EXISTS', 'TRANSACTION_CONFLICT'].includes(e.code))
      await assert.rejects(transact(Array.from({ length: 101 }, (_, i) => ({ create: Note.fromJson({ note_id: `m${i}`, text: 'x' }) }))), /at most 100/)
      await assert.rejects(transact([{ save: keep }, { delete: keep }]), /same item/)
      const checked = await Profile.load('t1')
      await (await Profile.load('t1')).save()
      await assert.rejects(
        transact([{ check: checked }, { create: Note.fromJson({ note_id: 'n-t3', text: 'x' }) }]),
        (e: unknown) => isApiError(e) && ['VERSION_CONFLICT', 'TRANSACTION_CONFLICT'].includes(e.code),
      )
      assert.equal(await Note.exists('n-t3'), false)
      await transact([{ check: await Profile.load('t1') }, { create: Note.fromJson({ note_id: 'n-t3', text: 'x' }) }])
      assert.equal(await Note.exists('n-t3'), true)
    })

    test("PyMacaron's class form: the user's class is the model, with its own helpers", async () => {
      await Note.create({ note_id: 'n1', text: 'hi' })
      assert.equal(Note.name, 'PersistentNote')
      const n = await Note.getNote('n1')
      assert.ok(n instanceof Note)
      assert.equal(n.shout(), 'HI')
      assert.equal(await Note.noteExists('n1'), true)
      assert.equal(await Note.noteExists('n2'), false)
    })

    test('an item whose ttl is past counts as absent', async () => {
      const past = Math.floor(Date.now() / 1000) - 60
      await Event.create({ stream: 'ttl', seq: 1, kind: 'k', expires_at: past })
      await Event.create({ stream: 'ttl', seq: 2, kind: 'k', expires_at: past + 3600 })
      assert.equal(await Event.get({ stream: 'ttl', seq: 1 }), undefined)
      assert.deepEqual((await Event.query({ key: 'ttl' })).items.map((e: PersistedModel) => e.seq), [2])
    })

    test('calls are timed into the request stage timings and the persistence histogram', async () => {
      const stages = newTimings()
      await runWithContext({ requestId: 'r', log: console as never, stages }, async () => {
        assert.equal(currentContext()?.stages, stages)
        await Profile.get('p1')
      })
      assert.ok(stages.persistence > 0)
      const metrics = await registry.getMetricsAsJSON()
      const histogram = metrics.find((m) => m.name === 'macaron_persistence_operation_duration_seconds')!
      const values = (histogram as unknown as { values: Array<{ labels: Record<string, string>; metricName?: string }> }).values
      assert.ok(values.some((v) => v.labels.model === 'Profile' && v.labels.operation === 'load' && v.labels.outcome === 'not_found'))
      assert.ok(values.some((v) => v.labels.model === 'Profile' && v.labels.operation === 'save' && v.labels.outcome === 'conflict'))
    })

    test('a backend that cannot be reached gives DATABASE_UNAVAILABLE (503)', async () => {
      const binding = p.bindings.find((b) => b.table.name.endsWith('profiles'))!
      const real = binding.store!
      binding.store = { ...real, backend: real.backend, get: async () => { throw new StoreUnavailable('connection refused') } } as Store
      try {
        await assert.rejects(Profile.load('p1'), code('DATABASE_UNAVAILABLE', 503))
      } finally {
        binding.store = real
      }
    })
  })
}
