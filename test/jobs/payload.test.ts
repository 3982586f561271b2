import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../../src/index.js'
import { decodePayload, encodePayload } from '../../src/jobs/payload.js'
import { fixture, JWT_SECRET } from './contract.js'

test('models anywhere in a payload come back as models of their schema; the rest is plain JSON', async () => {
  const app = await createApp({ dir: fixture, logger: false, environ: { JWT_SECRET } })
  try {
    const Note = app.models.Note!
    const note = Note.fromJson({ text: 'a' })
    const when = new Date('2026-01-02T03:04:05.000Z')
    const encoded = encodePayload({ note, list: [note, 1, 'x', null], when, skip: undefined })
    // What a queue stores is JSON text.
    const decoded = decodePayload(JSON.parse(JSON.stringify(encoded))) as { note: unknown; list: unknown[]; when: string }
    assert.ok(decoded.note instanceof Note)
    assert.ok(decoded.list[0] instanceof Note)
    assert.deepEqual(decoded.list.slice(1), [1, 'x', null])
    assert.equal((decoded.note as unknown as { text: string }).text, 'a')
    assert.equal(decoded.when, '2026-01-02T03:04:05.000Z')
    assert.ok(!('skip' in (decoded as object)))
    assert.equal(encodePayload(undefined), null)
    assert.throws(() => encodePayload({ n: 1n }), /BigInt/)
    // A plain object that happens to hold the tag keeps its other fields and is not a model.
    const lookalike = decodePayload({ $macaron_model: { api: 'jobs', name: 'Note' }, json: { text: 'b' }, extra: 1 })
    assert.ok(!(lookalike instanceof Note))
  } finally {
    await app.close()
  }
})

test('a payload naming a model this process does not know is refused clearly', () => {
  assert.throws(() => decodePayload({ $macaron_model: { api: 'nope', name: 'Ghost' }, json: {} }), /nope\/Ghost model, which this process does not know/)
})
