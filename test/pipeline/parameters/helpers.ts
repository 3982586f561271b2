// Shared fixtures for the parameter tests: a tiny $ref resolver over a components map, and a
// one-call way to parse a request against some parameters.

import { compileParameters, type JsonObject, type ParameterSpec, type ParsedParameters, type RawParameters } from '../../../src/pipeline/parameters/index.js'

export const components: Record<string, JsonObject> = {
  Id: { type: 'integer' },
  IdAlias: { $ref: '#/components/schemas/Id' }, // a chain: IdAlias → Id
  Color: { type: 'object', properties: { R: { $ref: '#/components/schemas/Id' }, G: { type: 'integer' }, B: { type: 'integer' } } },
  Person: { type: 'object', properties: { role: { type: 'string' }, firstName: { type: 'string' }, age: { type: 'integer' } } },
}

/** Follows '#/components/schemas/X' chains, like the schema store's resolver does. */
export function resolve(schema: JsonObject): JsonObject {
  let node = schema
  for (let hops = 0; typeof node.$ref === 'string'; hops++) {
    if (hops > 8) throw new Error('ref cycle')
    const target = components[node.$ref.replace('#/components/schemas/', '')]
    if (!target) throw new Error(`unknown ref ${node.$ref}`)
    node = target
  }
  return node
}

export function parse(params: ParameterSpec[], raw: Partial<RawParameters>): ParsedParameters {
  return compileParameters(params, resolve).parse({ path: {}, query: '', headers: {}, ...raw })
}

/** The value of the single parameter declared, from wherever it lives. */
export function one(param: ParameterSpec, raw: Partial<RawParameters>): unknown {
  const parsed = parse([param], raw)
  const key = ({ path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const)[param.in]
  // Own properties only: a name like 'constructor' must not read Object.prototype's.
  return Object.hasOwn(parsed[key], param.name) ? parsed[key][param.name] : undefined
}

/** Runs fn and returns the INVALID_PARAMETER details it throws, failing if it does not throw one. */
export function invalidDetails(fn: () => unknown): Array<{ field: string; location: string; message: string }> {
  try {
    fn()
  } catch (e) {
    const error = e as { code?: string; details?: unknown }
    if (error.code !== 'INVALID_PARAMETER') throw e
    return error.details as Array<{ field: string; location: string; message: string }>
  }
  throw new Error('expected INVALID_PARAMETER, nothing was thrown')
}
