import type { JsonObject, LoadedApi } from '../spec/types.js'
import { operationsOf } from '../spec/index.js'
import { deref } from './deref.js'
import type { ParameterSpec } from './parameters/index.js'

/** An operation of the spec with every non-schema `$ref` followed, ready to compile. */
export interface Operation {
  api: LoadedApi
  operationId: string
  method: string
  /** The OpenAPI path template, e.g. /profiles/{id}. */
  path: string
  /** Where the operation is in its document (for messages). */
  pointer: string
  operation: JsonObject
  parameters: ParameterSpec[]
  requestBody: JsonObject | undefined
  responses: Record<string, JsonObject>
  /** The effective security requirements (operation's, else the document's). */
  security: Array<Record<string, string[]>> | undefined
}

export function collectOperations(api: LoadedApi): Operation[] {
  const doc = api.document
  const paths = (doc.paths ?? {}) as Record<string, JsonObject>
  return operationsOf(doc).map(({ path, method, operation, pointer }) => {
    const pathItem = deref<JsonObject>(doc, paths[path])
    const parameters = mergeParameters(doc, pathItem.parameters, operation.parameters)
    const responses: Record<string, JsonObject> = {}
    for (const [status, response] of Object.entries((operation.responses ?? {}) as JsonObject)) {
      responses[status] = deref(doc, response)
    }
    const operationId = typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${path}`
    return {
      api,
      operationId,
      method: method.toUpperCase(),
      path,
      pointer,
      operation,
      parameters,
      requestBody: operation.requestBody === undefined ? undefined : deref(doc, operation.requestBody),
      responses,
      security: (operation.security ?? doc.security) as Operation['security'],
    }
  })
}

/** Operation parameters override path-item ones with the same name and location. */
function mergeParameters(doc: JsonObject, shared: unknown, own: unknown): ParameterSpec[] {
  const byKey = new Map<string, ParameterSpec>()
  for (const list of [shared, own]) {
    for (const p of (list ?? []) as unknown[]) {
      const param = deref<ParameterSpec>(doc, p)
      byKey.set(`${param.in}:${param.name}`, param)
    }
  }
  return [...byKey.values()]
}
