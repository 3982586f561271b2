// The operation router of a large document is built in parts (src/pipeline/route-trees.ts):
// every lookup must give what one find-my-way tree of every route gives. Checked on a
// generated document of more than PARTITION_FROM paths, with paths a client may send.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import FindMyWay from 'find-my-way'
import { toRoute } from '../../src/pipeline/paths.js'
import { ROUTER_OPTIONS } from '../../src/pipeline/operation-router.js'
import { keyOf, PARTITION_FROM, RouteTrees } from '../../src/pipeline/route-trees.js'

const templates: string[] = ['/', '/{tenant}/settings', '/{tenant}/deep/settings/now', '/health:check']
for (let i = 0; templates.length < PARTITION_FROM + 200; i++) {
  templates.push(`/res${i}`, `/res${i}/{id}`, `/res${i}/{id}/sub`, `/res${i}/{id}:cancel`, `/res${i}/files/{file}.json`, `/res${i}/range/{from}-{to}`, `/res${i}/image(width={w},height={h})`)
}
templates.push('/res1', '/res1x', '/res1/exact/{a}', '/Res2/{id}')
const unique = [...new Set(templates)]

function routers(base: string) {
  const whole = FindMyWay(ROUTER_OPTIONS)
  const trees = new RouteTrees(ROUTER_OPTIONS)
  for (const template of unique) {
    const { url } = toRoute(base, template)
    const store = { template }
    whole.on('GET', url, () => undefined, store)
    trees.add(url, store)
  }
  return { whole, trees }
}

const requests = (base: string): string[] => {
  const paths = ['/', '', '/res1', '/res1/', '/res1x', '/res1/42', '/res1/42/', '/res1/42/sub', '/res1/42:cancel', '/res1/files/a.json', '/res1/range/3-9',
    '/res1/image(width=3,height=4)', '/res1/exact/z', '/Res2/7', '/res2/7', '/RES1/42', '/acme/settings', '/health:check', '/res3/%34%32', '/re%73%31/42',
    '/res1%2F42', '/res1/42?x=1', '/res1/42#frag', '/res1/42?x=/res2/9', '//res1/42', '/res1//42', '/res9999/1', '/res1/42/sub/extra', '/res1/' + 'x'.repeat(1001),
    '/res1/%E0%A4%A', '/res1;a=b', '/res1/42;x', '/res1/deep/settings/now', '/res5/deep/settings/now']
  const out = paths.map((p) => base + p)
  out.push(`http://example.com${base}/res1/42`, `${base}`, '/', '/unrelated/res1/42')
  return out
}

for (const base of ['', '/v1.0']) {
  test(`parts give what one tree gives (base path '${base}')`, () => {
    const { whole, trees } = routers(base)
    for (const url of requests(base)) {
      const expected = whole.find('GET', url)
      const tree = trees.treeFor(url)
      const actual = tree === undefined ? null : tree.find('GET', url)
      assert.equal(actual?.store, expected?.store, url)
      assert.deepEqual(actual?.params, expected?.params, url)
    }
    // Every route, with values in its parameters, is found through its part.
    for (const template of unique) {
      const url = base + template.replace(/\{[^}]+\}/g, 'v7')
      const tree = trees.treeFor(url)
      assert.equal(tree?.find('GET', url)?.store, whole.find('GET', url)?.store, url)
    }
  })
}

test('a part is built on its first request, and buildAll builds the rest', () => {
  const { trees } = routers('/v1.0')
  const first = trees.treeFor('/v1.0/res1/42')
  assert.ok(first)
  assert.equal(trees.treeFor('/v1.0/res1/7/sub'), first, 'the same part')
  assert.notEqual(trees.treeFor('/v1.0/res2/42'), first, 'another part')
  trees.buildAll()
  assert.equal(trees.treeFor('/v1.0/res1/42'), first)
})

test('keys: the first segments as written, null when there are fewer, undefined for an encoded or absolute path', () => {
  assert.equal(keyOf('/v1.0/users/42?x=1', 2), '/v1.0/users')
  assert.equal(keyOf('/v1.0/users?x=/a/b', 2), '/v1.0/users')
  assert.equal(keyOf('/v1.0/users#a/b', 2), '/v1.0/users')
  assert.equal(keyOf('/v1.0/', 2), '/v1.0/')
  assert.equal(keyOf('/v1.0', 2), null)
  assert.equal(keyOf('/v1.0?a=/b', 2), null)
  assert.equal(keyOf('/v1.0/us%65rs/42', 2), undefined)
  assert.equal(keyOf('/v1.0/users/4%32', 2), '/v1.0/users')
  assert.equal(keyOf('http://h/v1.0/users', 2), undefined)
  assert.equal(keyOf('/users', 1), '/users')
})

test('below PARTITION_FROM paths, one tree of every route', () => {
  const trees = new RouteTrees(ROUTER_OPTIONS)
  for (let i = 0; i < 10; i++) trees.add(`/a${i}/:p0`, { i })
  const tree = trees.treeFor('/a1/5')
  assert.equal(trees.treeFor('/a7/5'), tree)
  assert.deepEqual(tree?.find('GET', '/a7/5')?.store, { i: 7 })
})

test('an app of more than PARTITION_FROM paths serves, refuses 404 and 405, and compileAll builds its router whole', async () => {
  const { writeProject } = await import('../../docs/examples/project.js')
  const { createApp } = await import('../../src/index.js')
  const op = (id: string, param?: string) => `
    get:
      operationId: ${id}
      ${param ? `parameters: [{ name: ${param}, in: path, required: true, schema: { type: integer } }]` : ''}
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object, properties: { id: { type: string } } } } } } }`
  const lines = ['openapi: 3.1.0', "info: { title: many, version: '1' }", "servers: [{ url: 'https://api.example.com/v2' }]", 'paths:']
  const handlers: Record<string, (ctx: { params: Record<string, unknown> }) => unknown> = {}
  for (let i = 0; i < PARTITION_FROM / 2 + 10; i++) {
    lines.push(`  /things${i}:${op(`list${i}`)}`, `  /things${i}/{id}:${op(`get${i}`, 'id')}`)
    handlers[`list${i}`] = () => ({ id: `list${i}` })
    handlers[`get${i}`] = ({ params }) => ({ id: `get${i}:${String(params.id)}` })
  }
  const app = await createApp({ dir: writeProject('many-paths', lines.join('\n') + '\n'), logger: false, handlers: handlers as never })
  const get = async (url: string, method: 'GET' | 'POST' = 'GET') => {
    const res = await app.server.inject({ method, url })
    return { status: res.statusCode, body: res.json() as Record<string, unknown>, allow: res.headers.allow }
  }
  assert.deepEqual((await get('/v2/things7/42')).body, { id: 'get7:42' })
  assert.deepEqual((await get('/v2/things509')).body, { id: 'list509' })
  assert.deepEqual((await get('/v2/thing%7312/5')).body, { id: 'get12:5' }, 'an encoded first segment is found through the whole tree')
  assert.equal((await get('/v2/things7/notanumber')).status, 400)
  assert.equal((await get('/v2/nothing/1')).status, 404)
  assert.equal((await get('/v2')).status, 404)
  const refused = await get('/v2/things7/42', 'POST')
  assert.equal(refused.status, 405)
  assert.equal(refused.allow, 'GET, HEAD')
  app.compileAll()
  assert.deepEqual((await get('/v2/things3/1')).body, { id: 'get3:1' })
  await app.close()
})
