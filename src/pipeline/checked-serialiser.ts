import type { JsonObject } from '../spec/types.js'
import { pointerGet } from './deref.js'

/**
 * A response body checked and written in one pass: the string fast-json-stringify would
 * write, for a value the response validator would accept; or undefined when this pass
 * cannot be sure (a value it does not accept, a string that needs escaping, a Date, a
 * property with a default left out...), and the output stage then validates with Ajv and
 * serialises with fast-json-stringify as before. So the answer is the same either way;
 * only the common case costs one walk of the value instead of two (validating a 20-item
 * page cost as much as serialising it).
 */
export type CheckedSerialiser = (value: unknown) => string | undefined

/** A format as Ajv holds it: a RegExp, a function, or a definition with a type. */
type FormatEntry = RegExp | ((s: string) => boolean) | { type?: string; validate: RegExp | ((v: never) => boolean); async?: boolean }

/** Thrown while compiling: the schema uses something this pass does not cover. */
class Unsupported extends Error {}

// Keywords that change neither what is valid nor what is written. `default` and `writeOnly`
// matter only on properties, where they are handled.
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'default', 'externalDocs', 'xml', '$comment', 'discriminator'])
const KEYWORDS: Record<string, Set<string>> = {
  string: new Set(['type', 'enum', 'format', 'minLength', 'maxLength', 'pattern']),
  number: new Set(['type', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']),
  boolean: new Set(['type']),
  null: new Set(['type']),
  object: new Set(['type', 'properties', 'required', 'additionalProperties']),
  array: new Set(['type', 'items', 'minItems', 'maxItems']),
}
// What fast-json-stringify escapes (it then hands the string to JSON.stringify): quotes,
// backslashes, control characters and any surrogate. Such a string takes the slow path;
// without them, a string's length is also its length in code points, as Ajv counts it.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/
// Formats whose valid values hold none of those characters.
const PLAIN_FORMATS = new Set(['date-time', 'date', 'time', 'int32', 'int64', 'float', 'double'])

/**
 * Compiles the checked serialiser of a response schema of `document` (OpenAPI 3.1, refs
 * local), or returns undefined when the schema uses anything beyond: objects with declared
 * properties (extra properties are neither checked nor written, as in the response and
 * serialise variants), arrays of one item schema, strings, numbers, integers, booleans,
 * `[type, 'null']`, string enums, formats Ajv knows, lengths, patterns, bounds and $refs
 * (recursive ones too). `formats` are the response Ajv's, so a format checks the same.
 */
export function compileCheckedSerialiser(document: JsonObject, schema: JsonObject, formats: Record<string, FormatEntry | undefined>): CheckedSerialiser | undefined {
  try {
    return new Compiler(document, formats).compile(schema)
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
}

class Compiler {
  private readonly functions: string[] = []
  private readonly names = new Map<object, string>()
  /** Values the generated code reads by index: enum sets, patterns, format checks. */
  private readonly constants: unknown[] = []

  constructor(
    private readonly document: JsonObject,
    private readonly formats: Record<string, FormatEntry | undefined>,
  ) {}

  compile(schema: JsonObject): CheckedSerialiser {
    const root = this.functionFor(schema)
    // Constants bound once as closure variables, not read from the array on every value.
    const bindings = this.constants.map((_, i) => `const c${i} = K[${i}]\n`).join('')
    const source = `${bindings}${this.functions.join('\n')}\nreturn ${root}`
    return new Function('K', 'NEEDS_ESCAPE', source)(this.constants, NEEDS_ESCAPE) as CheckedSerialiser
  }

  /** The name of the generated function that checks and writes values of `schema`. */
  private functionFor(schema: JsonObject): string {
    const target = this.resolve(schema)
    let name = this.names.get(target)
    if (name !== undefined) return name
    name = `f${this.names.size}`
    this.names.set(target, name)
    // Written after its dependencies: they may refer back to it (recursion), by name.
    this.functions.push(`function ${name}(v) {\n${this.valueBody(target)}\n}`)
    return name
  }

  /** Follows $refs; a $ref beside other keywords that matter is not covered. */
  private resolve(schema: JsonObject): JsonObject {
    let node = schema
    for (let hops = 0; typeof node.$ref === 'string'; hops++) {
      if (hops > 32 || !node.$ref.startsWith('#')) throw new Unsupported()
      for (const key of Object.keys(node)) if (key !== '$ref' && !isAnnotation(key)) throw new Unsupported()
      const next = pointerGet(this.document, node.$ref)
      if (!isObject(next)) throw new Unsupported()
      node = next
    }
    return node
  }

  private objectBody(schema: JsonObject): string {
    const properties = schema.properties
    if (!isObject(properties)) throw new Unsupported()
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) throw new Unsupported()
    const required = new Set(Array.isArray(schema.required) ? (schema.required as unknown[]).map(String) : [])
    const lines = [
      // A model or any value with toJSON is written as its JSON form, as fast-json-stringify does.
      `if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON()`,
      `if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined`,
      `let j = '', p`,
    ]
    const written: Array<[string, JsonObject]> = []
    for (const [key, raw] of Object.entries(properties)) {
      if (!isObject(raw)) throw new Unsupported()
      const property = this.resolve(raw)
      // writeOnly properties are never written; one that is present must still be valid,
      // which the slow path checks.
      if (raw.writeOnly === true || property.writeOnly === true) lines.push(`if (v[${JSON.stringify(key)}] !== undefined) return undefined`)
      if (raw.writeOnly !== true) written.push([key, property])
    }
    // fast-json-stringify's order: required properties first, each group as declared.
    written.sort(([a], [b]) => Number(required.has(b)) - Number(required.has(a)))
    const firstRequired = written.length > 0 && required.has(written[0]![0])
    for (const [i, [key, property]] of written.entries()) {
      // A missing property with a default is written with it by fast-json-stringify: the slow path does that.
      const missing = required.has(key) || property.default !== undefined || isObject(properties[key]) && (properties[key] as JsonObject).default !== undefined ? 'return undefined' : ''
      const name = JSON.stringify(key)
      // When the first property is always there, each key's prefix is a constant.
      const prefix: Prefix = firstRequired ? constantPrefix((i === 0 ? '{' : ',') + name + ':') : (text) => `(j === '' ? ${JSON.stringify('{' + name + ':' + text)} : ${JSON.stringify(',' + name + ':' + text)})`
      lines.push(`p = v[${name}]`, `if (p === undefined) { ${missing} } else {`, this.valueCode(property, 'p', prefix), '}')
    }
    // Required but not declared: only present.
    for (const key of required) if (!(key in properties)) lines.push(`if (v[${JSON.stringify(key)}] === undefined) return undefined`)
    lines.push(`return j === '' ? '{}' : j + '}'`)
    return lines.join('\n')
  }

  private arrayBody(schema: JsonObject): string {
    const items = schema.items
    if (!isObject(items)) throw new Unsupported()
    const lines = [`if (!Array.isArray(v)) return undefined`, `const n = v.length`]
    if (typeof schema.minItems === 'number') lines.push(`if (n < ${schema.minItems}) return undefined`)
    if (typeof schema.maxItems === 'number') lines.push(`if (n > ${schema.maxItems}) return undefined`)
    const prefix: Prefix = (text) => `(i === 0 ? ${JSON.stringify('[' + text)} : ${JSON.stringify(',' + text)})`
    lines.push(`if (n === 0) return '[]'`, `let j = ''`, `for (let i = 0; i < n; i++) {`, `const p = v[i]`, this.valueCode(this.resolve(items), 'p', prefix), '}', `return j + ']'`)
    return lines.join('\n')
  }

  /**
   * Statements that check the value in `v` and append the prefix (key or separator) and its
   * JSON to `j` in one concatenation, or return undefined.
   */
  private valueCode(schema: JsonObject, v: string, prefix: Prefix): string {
    const { type, nullable } = typeOf(schema)
    let code: string
    if (type === 'object' || type === 'array') {
      code = `{ const t = ${this.functionFor(schema)}(${v}); if (t === undefined) return undefined; j += ${prefix('')} + t }`
    } else {
      checkKeywords(schema, type)
      code = this.scalar(schema, type, v, prefix)
    }
    return nullable ? `if (${v} === null) j += ${prefix('null')}; else { ${code} }` : code
  }

  /** The root value's statements: the same checks, its JSON returned instead. */
  private valueBody(schema: JsonObject): string {
    const { type, nullable } = typeOf(schema)
    if (type === 'object' || type === 'array') {
      checkKeywords(schema, type)
      return (nullable ? `if (v === null) return 'null'\n` : '') + (type === 'object' ? this.objectBody(schema) : this.arrayBody(schema))
    }
    return `let j = ''\n${this.valueCode(schema, 'v', constantPrefix(''))}\nreturn j`
  }

  private scalar(schema: JsonObject, type: string, v: string, prefix: Prefix): string {
    if (type === 'boolean') return `if (typeof ${v} !== 'boolean') return undefined\nj += ${v} ? ${prefix('true')} : ${prefix('false')}`
    if (type === 'null') return `if (${v} !== null) return undefined\nj += ${prefix('null')}`
    if (type === 'string') return this.string(schema, v, prefix)
    return this.number(schema, type, v, prefix)
  }

  private string(schema: JsonObject, v: string, prefix: Prefix): string {
    const checks = [`if (typeof ${v} !== 'string') return undefined`]
    if (schema.enum !== undefined) {
      const values = schema.enum
      if (!Array.isArray(values) || !values.every((e) => typeof e === 'string' && !NEEDS_ESCAPE.test(e))) throw new Unsupported()
      // A few members are compared one by one, faster than a Set lookup.
      const member = values.length <= 8 ? values.map((e) => `${v} === ${JSON.stringify(e)}`).join(' || ') : `${this.constant(new Set(values))}.has(${v})`
      checks.push(`if (!(${member})) return undefined`)
    }
    const format = typeof schema.format === 'string' ? schema.format : undefined
    // Enum members and values of the plain formats need no escaping; anything else is tested.
    const plain = schema.enum !== undefined || (format !== undefined && PLAIN_FORMATS.has(format) && this.formatType(format) === 'string')
    if (!plain || schema.minLength !== undefined || schema.maxLength !== undefined) checks.push(`if (NEEDS_ESCAPE.test(${v})) return undefined`)
    if (typeof schema.minLength === 'number') checks.push(`if (${v}.length < ${schema.minLength}) return undefined`)
    if (typeof schema.maxLength === 'number') checks.push(`if (${v}.length > ${schema.maxLength}) return undefined`)
    if (schema.pattern !== undefined) {
      if (typeof schema.pattern !== 'string') throw new Unsupported()
      // As Ajv builds it with unicodeRegExp off (src/pipeline/ajv.ts).
      checks.push(`if (!${this.constant(new RegExp(schema.pattern))}.test(${v})) return undefined`)
    }
    if (format !== undefined) checks.push(this.formatCheck(format, 'string', v))
    checks.push(`j += ${prefix('"')} + ${v} + '"'`)
    return checks.join('\n')
  }

  private number(schema: JsonObject, type: string, v: string, prefix: Prefix): string {
    // Ajv's own type tests: finite numbers; integers without a fraction.
    const checks = [type === 'integer' ? `if (typeof ${v} !== 'number' || ${v} % 1 || !isFinite(${v})) return undefined` : `if (typeof ${v} !== 'number' || !isFinite(${v})) return undefined`]
    const bound = (keyword: string, op: string) => {
      const limit = schema[keyword]
      if (limit === undefined) return
      if (typeof limit !== 'number') throw new Unsupported()
      checks.push(`if (!(${v} ${op} ${limit})) return undefined`)
    }
    bound('minimum', '>=')
    bound('maximum', '<=')
    bound('exclusiveMinimum', '>')
    bound('exclusiveMaximum', '<')
    if (typeof schema.format === 'string') checks.push(this.formatCheck(schema.format, 'number', v))
    checks.push(`j += ${prefix('')} + ${v}`)
    return checks.join('\n')
  }

  /** A format applies to values of its type only (Ajv's rule); an unknown one is not covered. */
  private formatCheck(name: string, valueType: 'string' | 'number', v: string): string {
    const entry = this.formats[name]
    if (entry === undefined || (typeof entry === 'object' && !(entry instanceof RegExp) && entry.async === true)) throw new Unsupported()
    if (this.formatType(name) !== valueType) return ''
    const check = entry instanceof RegExp ? entry : typeof entry === 'function' ? entry : entry.validate
    const call = check instanceof RegExp ? `${this.constant(check)}.test(${v})` : `${this.constant(check)}(${v})`
    return `if (!${call}) return undefined`
  }

  private formatType(name: string): string {
    const entry = this.formats[name]
    return typeof entry === 'object' && entry !== null && !(entry instanceof RegExp) ? (entry.type ?? 'string') : 'string'
  }

  private constant(value: unknown): string {
    this.constants.push(value)
    return `c${this.constants.length - 1}`
  }
}

/** The JS expression of a value's prefix (a key, a comma, a bracket) followed by constant text. */
type Prefix = (text: string) => string

function constantPrefix(prefix: string): Prefix {
  return (text) => JSON.stringify(prefix + text)
}

/** The one type a schema declares, possibly with null; anything else is not covered. */
function typeOf(schema: JsonObject): { type: string; nullable: boolean } {
  const declared = schema.type
  const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? (declared as unknown[]) : []
  const nullable = types.length === 2 && types.includes('null')
  const others = types.filter((t) => t !== 'null' || types.length === 1)
  if (others.length !== 1 || typeof others[0] !== 'string') throw new Unsupported()
  const type = others[0]
  if (type !== 'integer' && type !== 'null' && !(type in KEYWORDS)) throw new Unsupported()
  return { type, nullable }
}

/** Every keyword of the schema is an annotation or one this pass covers for its type. */
function checkKeywords(schema: JsonObject, type: string): void {
  const covered = KEYWORDS[type === 'integer' ? 'number' : type]!
  for (const key of Object.keys(schema)) if (!isAnnotation(key) && !covered.has(key)) throw new Unsupported()
}

function isAnnotation(key: string): boolean {
  return ANNOTATIONS.has(key) || key.startsWith('x-')
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
