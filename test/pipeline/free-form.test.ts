import assert from 'node:assert/strict'
import { test } from 'node:test'
import { writeProject } from '../../docs/examples/project.js'
import { createApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'

const spec = `
openapi: 3.1.0
info: { title: free, version: '1' }
paths:
  /free:
    get:
      operationId: getFree
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  meta: { type: object }
                  tags: { type: object, additionalProperties: { type: string } }
                  fixed: { type: object, properties: { a: { type: integer } } }
`

test('a free-form object ({type: object}) is sent whole; declared objects still drop what they do not declare', async () => {
  const app = await createApp({
    dir: writeProject('free', spec),
    logger: false,
    handlers: { getFree: () => ({ meta: { any: 1, nested: { x: [1, 'two'] } }, tags: { a: 'b' }, fixed: { a: 1, secret: 's' }, extra: 'dropped' }) },
  })
  const body = (await testClient(app).get('/free')).expectOk().expectJson()
  assert.deepEqual(body, { meta: { any: 1, nested: { x: [1, 'two'] } }, tags: { a: 'b' }, fixed: { a: 1 } })
  await app.close()
})
