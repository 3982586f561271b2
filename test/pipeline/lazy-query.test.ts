import assert from 'node:assert/strict'
import { parse } from 'node:querystring'
import { test } from 'node:test'
import { createApp, type Handler } from '../../src/index.js'
import { lazyQuery } from '../../src/pipeline/lazy-query.js'
import { testClient } from '../../src/testing/index.js'

const fixture = new URL('../fixtures/observability', import.meta.url).pathname

test('lazyQuery: reads, keys, JSON, `in`, writes and deletes as the parsed object', () => {
  const raw = 'a=1&b=x%20y&a=2&c=&plus=p+q&__proto__=z'
  const query = lazyQuery(raw)
  const expected = parse(raw) as Record<string, unknown>
  assert.deepEqual(Object.keys(query), Object.keys(expected))
  assert.deepEqual(query.a, ['1', '2'])
  assert.equal(query.b, 'x y')
  assert.equal(query.plus, 'p q')
  assert.equal(query.__proto__, 'z')
  assert.equal(query.raw, undefined, 'the holder is not seen')
  assert.equal(JSON.stringify(query), JSON.stringify(expected))
  assert.deepEqual({ ...query }, { ...expected })
  assert.ok('c' in query && !('raw' in query))
  query.d = 'added'
  delete query.b
  assert.deepEqual(Object.keys(query), ['a', 'c', 'plus', '__proto__', 'd'])
  assert.equal(Object.getPrototypeOf(query), null)
  assert.deepEqual(lazyQuery(''), {})
})

test('a handler reading request.query sees the parsed query; the parameters come from the input stage', async () => {
  const seen: unknown[] = []
  const getItem: Handler = ({ params, request }) => {
    seen.push({ ...(request.query as object) })
    return { id: params.id }
  }
  const app = await createApp({ dir: fixture, handlers: { getItem }, logger: false, environ: {} })
  const api = testClient(app)
  ;(await api.get('/items/7?x=1&y=two&x=3')).expectOk()
  ;(await api.get('/items/8')).expectOk()
  await app.close()
  assert.deepEqual(seen, [{ x: ['1', '3'], y: 'two' }, {}])
})
