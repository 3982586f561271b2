import type { JsonObject, LoadedApi } from '../spec/types.js'
import { operationsOf } from '../spec/index.js'
import { preparedIndex } from '../spec/load.js'
import { LISTED_MEMBERS, type IndexedOperation } from '../spec/prepared.js'
import { toPointer } from '../spec/problems.js'
import { valueAt } from '../spec/sources.js'
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
  /** A member of `operation`, read without parsing all of it where it was set aside (spec/prepared.ts). */
  member(name: string): unknown
  parameters: ParameterSpec[]
  requestBody: JsonObject | undefined
  responses: Record<string, JsonObject>
  /** The effective security requirements (operation's, else the document's). */
  security: Array<Record<string, string[]>> | undefined
}

/**
 * The operations of an API. Their parameters, request body and responses are followed on
 * first read (an operation's stages compile on its first request): Microsoft Graph's 11,422
 * operations are all collected at every start, and most are never called.
 */
export function collectOperations(api: LoadedApi): Operation[] {
  // A document loaded from its prepared form lists its operations: its path items are not read.
  const index = preparedIndex(api)?.operations
  if (index !== undefined) return index.map((entry) => new SpecOperation(api, entry.path, entry.method, entry.tokens, undefined, entry))
  return operationsOf(api.document).map(({ path, method, operation, tokens }) => new SpecOperation(api, path, method, tokens, operation))
}

class SpecOperation implements Operation {
  readonly operationId: string
  readonly method: string
  readonly security: Operation['security']
  #operation: JsonObject | undefined
  /** Its LISTED_MEMBERS, when the operation is listed without being read (spec/prepared.ts). */
  readonly #listed: JsonObject | undefined
  #parameters: ParameterSpec[] | undefined
  #requestBody: JsonObject | undefined
  #responses: Record<string, JsonObject> | undefined

  constructor(
    readonly api: LoadedApi,
    readonly path: string,
    method: string,
    private readonly tokens: string[],
    operation: JsonObject | undefined,
    listed?: IndexedOperation,
  ) {
    this.#operation = operation
    this.#listed = listed?.listed
    const operationId = this.member('operationId')
    this.operationId = typeof operationId === 'string' ? operationId : `${method.toUpperCase()} ${path}`
    this.method = method.toUpperCase()
    this.security = (this.member('security') ?? api.document.security) as Operation['security']
  }

  get operation(): JsonObject {
    return (this.#operation ??= valueAt(this.api.document, this.tokens) as JsonObject)
  }

  member(name: string): unknown {
    const listed = this.#listed
    if (this.#operation !== undefined || listed === undefined || !(LISTED_MEMBERS as readonly string[]).includes(name)) return this.operation[name]
    return Object.hasOwn(listed, name) ? listed[name] : undefined
  }

  get pointer(): string {
    return toPointer(this.tokens)
  }

  get parameters(): ParameterSpec[] {
    if (this.#parameters === undefined) {
      const doc = this.api.document
      const pathItem = deref<JsonObject>(doc, (doc.paths as Record<string, JsonObject>)[this.path])
      this.#parameters = mergeParameters(doc, pathItem.parameters, this.operation.parameters)
    }
    return this.#parameters
  }

  get requestBody(): JsonObject | undefined {
    const body = this.operation.requestBody
    return body === undefined ? undefined : (this.#requestBody ??= deref(this.api.document, body))
  }

  get responses(): Record<string, JsonObject> {
    if (this.#responses === undefined) {
      this.#responses = {}
      for (const [status, response] of Object.entries((this.operation.responses ?? {}) as JsonObject)) {
        this.#responses[status] = deref(this.api.document, response)
      }
    }
    return this.#responses
  }
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
