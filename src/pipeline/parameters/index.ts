// The parameter stage: OpenAPI 3.1 parameters (every style and explode) parsed from a request,
// compiled once per operation. See compile.ts.
export { compileParameters } from './compile.js'
export type { CompiledParameters, JsonObject, Location, ParameterSpec, ParsedParameters, RawParameters } from './types.js'
