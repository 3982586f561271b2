// The shapes shared by the parameter stage and its callers (see compile.ts for the semantics).

export type JsonObject = Record<string, unknown>

export type Location = 'path' | 'query' | 'header' | 'cookie'

/** An OpenAPI 3.1 Parameter Object, its own $ref already followed (its schema may hold $refs). */
export interface ParameterSpec {
  name: string
  in: Location
  required?: boolean
  style?: string
  explode?: boolean
  allowReserved?: boolean
  allowEmptyValue?: boolean
  schema?: JsonObject
  content?: Record<string, { schema?: JsonObject }>
}

export interface RawParameters {
  /** The router's captured path segments, already percent-decoded by the router. */
  path: Record<string, string>
  /** The raw query string after '?', not decoded ('' when none). */
  query: string
  /** Node's lower-cased header map. */
  headers: Record<string, string | string[] | undefined>
}

/** Keys are the parameter names as declared in the spec (headers too). */
export interface ParsedParameters {
  path: JsonObject
  query: JsonObject
  headers: JsonObject
  cookies: JsonObject
}

export interface CompiledParameters {
  parse(raw: RawParameters): ParsedParameters
  /**
   * JSON Schema (2020-12) for parse()'s result, built from the parameter schemas with their
   * $refs kept for the caller's Ajv. Required parameters are listed in `required`; unknown
   * keys are allowed (no additionalProperties:false).
   */
  schema: JsonObject
  /** Maps an Ajv instancePath like '/query/limit' to { location: 'query', field: 'limit' }. */
  locate(instancePath: string): { location: Location; field: string }
}
