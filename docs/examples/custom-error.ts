import assert from 'node:assert/strict'
import { createApp, type HandlerContext } from 'macaron'
import { testClient } from 'macaron/testing'
import { writeProject } from './project.js'
// #region declare
import { ApiError } from 'macaron'

export class UserNotFound extends ApiError {
  override code = 'USER_NOT_FOUND'
  override status = 404
}
// #endregion

// #region throw
export async function getUser({ params }: HandlerContext<{ id: string }>) {
  throw new UserNotFound(`User ${params.id} does not exist`)
}
// GET /users/42 → 404 {"error": "USER_NOT_FOUND", "error_description": "User 42 does not exist", ...}
// #endregion

const dir = writeProject(
  'users',
  `openapi: 3.1.0
info: { title: Users, version: 1.0.0 }
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: A user, content: { application/json: { schema: { type: object } } } } }
`,
)
const app = await createApp({ dir, handlers: { getUser }, logger: false, environ: {} })
const body = (await testClient(app).get('/users/42')).expectError(404, 'USER_NOT_FOUND')
assert.equal(body.error_description, 'User 42 does not exist')
await app.close()
