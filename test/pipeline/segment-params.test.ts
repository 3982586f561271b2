// Path parameters that share a segment with literal text: OData function calls
// (Microsoft Graph's `image(width={width},height={height})`), Google's custom methods
// (`{name}:cancel`), file suffixes and ranges. Each must reach the handler by name, and
// routes that differ only in what follows a parameter must not clash.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { writeProject } from '../../docs/examples/project.js'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'

const op = (id: string, ...names: string[]) => `
    get:
      operationId: ${id}
      parameters: [${names.map((n) => `{ name: ${n}, in: path, required: true, schema: { type: string } }`).join(', ')}]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }`

const spec = `
openapi: 3.1.0
info: { title: segments, version: '1' }
paths:
  /charts/{chart}/image():${op('imageDefault', 'chart')}
  /charts/{chart}/image(width={width}):${op('imageWidth', 'chart', 'width')}
  /charts/{chart}/image(width={width},height={height}):${op('imageBoth', 'chart', 'width', 'height')}
  /charts/{chart}/image(width={width},height={height},fittingMode='{fittingMode}'):${op('imageFit', 'chart', 'width', 'height', 'fittingMode')}
  /v1/jobs/{name}:cancel:${op('cancelJob', 'name')}
  /v1/jobs/{name}:${op('getJob', 'name')}
  /files/{file}.json:${op('getFile', 'file')}
  /range/{from}-{to}:${op('getRange', 'from', 'to')}
`

test('parameters inside a segment reach the handler by name, and each route finds its own operation', async () => {
  const echo = (operation: string) => ({ params }: { params: Record<string, unknown> }) => ({ operation, ...params })
  const ids = ['imageDefault', 'imageWidth', 'imageBoth', 'imageFit', 'cancelJob', 'getJob', 'getFile', 'getRange']
  const app = await createApp({ dir: writeProject('segments', spec), logger: false, handlers: Object.fromEntries(ids.map((id) => [id, echo(id)])) })
  const client = testClient(app)
  const cases: Array<[string, Record<string, string>]> = [
    ['/charts/c1/image()', { operation: 'imageDefault', chart: 'c1' }],
    ['/charts/c1/image(width=300)', { operation: 'imageWidth', chart: 'c1', width: '300' }],
    ['/charts/c1/image(width=300,height=200)', { operation: 'imageBoth', chart: 'c1', width: '300', height: '200' }],
    ["/charts/c1/image(width=300,height=200,fittingMode='fit')", { operation: 'imageFit', chart: 'c1', width: '300', height: '200', fittingMode: 'fit' }],
    ['/v1/jobs/nightly:cancel', { operation: 'cancelJob', name: 'nightly' }],
    ['/v1/jobs/nightly', { operation: 'getJob', name: 'nightly' }],
    ['/files/report.json', { operation: 'getFile', file: 'report' }],
    ['/range/10-20', { operation: 'getRange', from: '10', to: '20' }],
  ]
  for (const [path, expected] of cases) assert.deepEqual((await client.get(path)).expectOk().expectJson(), expected, path)
  assert.equal((await client.get('/charts/c1/image(width=)')).status, 404, 'an empty parameter does not match')
  // The router decodes before matching, so an encoded delimiter is a delimiter (docs/handlers.md).
  assert.equal((await client.get('/charts/c1/image(width=3%2C5)')).status, 404)
  await app.close()
})

test('path parameter names that are not identifiers (__proto__, quotes, dots, dashes) reach the handler by name', async () => {
  // The router's p0, p1 ... are renamed by a generated object literal (paths.ts).
  const names = ['__proto__', 'a"b', "c'd", 'x.y', 'k-1', '0']
  const template = '/odd/' + names.map((n) => `{${n}}`).join('/')
  const oddSpec = `
openapi: 3.1.0
info: { title: odd names, version: '1' }
paths:
  ${JSON.stringify(template)}:
    get:
      operationId: odd
      parameters: [${names.map((n) => `{ name: ${JSON.stringify(n)}, in: path, required: true, schema: { type: string } }`).join(', ')}]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
`
  let seen: Record<string, unknown> = {}
  const app = await createApp({ dir: writeProject('odd-path-names', oddSpec), logger: false, handlers: { odd: ({ params }: { params: Record<string, unknown> }) => ((seen = params), {}) } })
  ;(await testClient(app).get('/odd/v0/v1/v2/v3/v4/v5')).expectOk()
  await app.close()
  assert.deepEqual(Object.keys(seen).sort(), [...names].sort())
  names.forEach((name, i) => assert.equal(Object.getOwnPropertyDescriptor(seen, name)?.value, `v${i}`, name))
  assert.equal(Object.getPrototypeOf(seen), Object.prototype)
})
