import type { JsonObject } from '../spec/types.js'
import { formatOf, propertySchema, type Resolve } from '../models/convert.js'
import type { IndexSpec, KeyType, TableSpec } from './store.js'

/** What `x-persist` (or, with the class form, `x-persist-table`) declares about a schema's table. */
export interface PersistSettings {
  /** The table name without the environment prefix. */
  table: string
  key: string
  sort?: string
  /** An integer attribute: saves are conditional on it and bump it (optimistic locking). */
  version?: string
  /** An attribute holding epoch seconds after which the item counts as deleted. */
  ttl?: string
  /** Set created_at (first write) and updated_at (every write), those of the two the schema declares. */
  timestamps: boolean
  indexes: Record<string, IndexSpec>
}

export interface PersistDeclaration {
  settings: PersistSettings
  /** `path#Export` of the user's class (PyMacaron's form), when x-persist names one. */
  userClass?: string
}

const NAME = /^[A-Za-z0-9_.-]{1,200}$/

/**
 * Reads `x-persist` of one schema: either the declarative object, or a string naming a
 * user class whose table comes from `x-persist-table` beside it (in the spec, not in the
 * class, so that `macaron db create-tables` and lint read every table without importing
 * user code). Returns undefined for a schema without x-persist; throws listing every problem.
 */
export function readPersist(name: string, schema: JsonObject, resolve: Resolve): PersistDeclaration | undefined {
  const raw = schema['x-persist']
  if (raw === undefined) return undefined
  const problems: string[] = []
  let userClass: string | undefined
  let table: unknown = raw
  if (typeof raw === 'string') {
    userClass = raw
    if (!/^[^#]+#[A-Za-z_$][\w$]*$/.test(raw) && !/^[\w$]+(\.[\w$]+)+$/.test(raw)) problems.push(`x-persist '${raw}' must be path#ExportedClass or a dotted module.path.Class`)
    table = schema['x-persist-table']
    if (table === undefined) problems.push(`x-persist names the class ${raw}: declare its table beside it, x-persist-table: {table, key, ...}`)
  }
  const settings = readSettings(table, problems)
  if (settings) checkAttributes(settings, schema, resolve, problems)
  if (problems.length > 0) throw new PersistSpecError(problems.map((p) => `schema ${name}: ${p}`))
  return { settings: settings!, ...(userClass ? { userClass } : {}) }
}

function readSettings(raw: unknown, problems: string[]): PersistSettings | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (raw !== undefined) problems.push('the table declaration must be an object {table, key, sort?, version?, ttl?, timestamps?, indexes?}')
    return undefined
  }
  const o = raw as JsonObject
  for (const k of Object.keys(o)) if (!['table', 'key', 'sort', 'version', 'ttl', 'timestamps', 'indexes'].includes(k)) problems.push(`unknown setting '${k}' (table, key, sort, version, ttl, timestamps, indexes)`)
  const str = (k: string, required: boolean): string | undefined => {
    const v = o[k]
    if (v === undefined && !required) return undefined
    if (typeof v !== 'string' || v === '') problems.push(`'${k}' must be a non-empty string`)
    return typeof v === 'string' ? v : undefined
  }
  const table = str('table', true)
  if (table !== undefined && !NAME.test(table)) problems.push(`table '${table}' may only hold letters, digits, _ . - (DynamoDB's rule)`)
  const key = str('key', true)
  const indexes: Record<string, IndexSpec> = {}
  if (o.indexes !== undefined) {
    if (typeof o.indexes !== 'object' || o.indexes === null) problems.push("'indexes' must be an object {name: {key, sort?}}")
    else {
      for (const [index, spec] of Object.entries(o.indexes as JsonObject)) {
        const s = spec as JsonObject | null
        if (!NAME.test(index) || index.length < 3) problems.push(`index name '${index}' must be 3 to 200 letters, digits, _ . -`)
        if (typeof s?.key !== 'string') problems.push(`index ${index} needs a key attribute`)
        else indexes[index] = { key: s.key, ...(typeof s.sort === 'string' ? { sort: s.sort } : {}) }
      }
    }
  }
  if (o.timestamps !== undefined && typeof o.timestamps !== 'boolean') problems.push("'timestamps' must be true or false")
  const sort = str('sort', false)
  const version = str('version', false)
  const ttl = str('ttl', false)
  if (table === undefined || key === undefined) return undefined
  return { table, key, ...(sort ? { sort } : {}), ...(version ? { version } : {}), ...(ttl ? { ttl } : {}), timestamps: o.timestamps === true, indexes }
}

function checkAttributes(s: PersistSettings, schema: JsonObject, resolve: Resolve, problems: string[]): void {
  const declared = (attr: string) => propertySchema(schema, attr, resolve) !== undefined
  for (const [what, attr] of [['key', s.key], ['sort', s.sort], ['version', s.version], ['ttl', s.ttl]] as const) {
    if (attr !== undefined && !declared(attr)) problems.push(`the ${what} attribute '${attr}' is not a property of the schema`)
  }
  for (const [name, index] of Object.entries(s.indexes)) {
    for (const attr of [index.key, index.sort]) if (attr !== undefined && !declared(attr)) problems.push(`index ${name}: '${attr}' is not a property of the schema`)
  }
  if (s.version !== undefined && !isType(propertySchema(schema, s.version, resolve), 'integer')) problems.push(`the version attribute '${s.version}' must be an integer`)
  if (s.timestamps && !declared('created_at') && !declared('updated_at')) problems.push('timestamps: true needs a created_at or updated_at property')
}

function isType(schema: JsonObject | undefined, type: string): boolean {
  const t = schema?.type
  return t === type || (Array.isArray(t) && t.includes(type))
}

/** The table as backends see it: prefixed name, and the DynamoDB type of each key attribute. */
export function tableSpec(settings: PersistSettings, prefix: string, schema: JsonObject, resolve: Resolve): TableSpec {
  const keyTypes: Record<string, KeyType> = {}
  const attrs = [settings.key, settings.sort, ...Object.values(settings.indexes).flatMap((i) => [i.key, i.sort])]
  for (const attr of attrs) if (attr !== undefined) keyTypes[attr] = keyTypeOf(propertySchema(schema, attr, resolve))
  return {
    name: prefix + settings.table,
    key: settings.key,
    ...(settings.sort ? { sort: settings.sort } : {}),
    keyTypes,
    ...(settings.ttl ? { ttl: settings.ttl } : {}),
    indexes: settings.indexes,
  }
}

function keyTypeOf(schema: JsonObject | undefined): KeyType {
  if (isType(schema, 'integer') || isType(schema, 'number')) return 'N'
  const format = formatOf(schema)
  return format === 'byte' || format === 'binary' ? 'B' : 'S'
}

export class PersistSpecError extends Error {
  constructor(readonly problems: string[]) {
    super(`x-persist:\n  ${problems.join('\n  ')}`)
    this.name = 'PersistSpecError'
  }
}
