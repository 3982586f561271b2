import { DATA_KEYS, NAME_MAPS, walkSpec } from './spec-walk.js'
import type { JsonObject } from './types.js'

/**
 * OpenAPI 3.0 -> 3.1 in one copying walk: the same document as @scalar/openapi-upgrader's
 * 3.0 -> 3.1 step (0.1.x) run the way upgrade.ts ran it before, on a structuredClone of the
 * bundled document with `x-nullable` turned into `nullable` and the keys called `example`
 * that are names or data hidden from it. That took six walks and three copies of the
 * document (the clone, the upgrader's own copy, and a path array per object), a third of
 * Microsoft Graph's start-up; this is one walk and one copy, and the input is left as it is
 * (or no copy, with `inPlace`, for a document nothing else will read as written).
 * test/spec/upgrade-30-fast.test.ts checks that both give the same document.
 *
 * What the upgrader does to each object, children first (`path` is where the object is):
 * - `nullable: true` with a `type` becomes `type: [type, 'null']`;
 * - boolean exclusiveMinimum/exclusiveMaximum become 2020-12 numbers;
 * - `example` becomes `examples` (a list in a schema, `{ default: { value } }` elsewhere),
 *   except inside an examples map;
 * - in a multipart body, binary string properties get `contentMediaType` instead of `format`;
 * - anything under an `application/octet-stream` media type becomes `{}`;
 * - `format: binary | base64 | byte` on a string becomes contentMediaType / contentEncoding;
 * - `x-webhooks` becomes `webhooks`.
 * It does this to every object, example payloads and extensions included, except that a key
 * `example` in a name map (a property called "example") or anywhere in data (the values of
 * example, examples, default, enum, const, x-example, x-examples of a spec object) is not
 * the keyword: upgrade.ts used to rename those out of its sight (spec-walk.ts tells them apart).
 */
export function upgrade30To31(doc: JsonObject, options: Upgrade30Options = {}): JsonObject {
  const upgraded = new Upgrade(options.inPlace === true, options.fix).object(doc, SPEC)
  upgraded.openapi = '3.1.1' // the upgrader's; upgrade.ts writes 3.1.0 over it
  return upgraded
}

export interface Upgrade30Options {
  /** Rewrite the document rather than copy it (only for a tree, see Upgrade). */
  inPlace?: boolean
  /**
   * Called on every spec object of the upgraded document, children before parents: what
   * `walkSpec(upgraded, (obj, isNameMap) => isNameMap || fix(obj))` would do afterwards,
   * without a second walk over the whole document (upgrade.ts's fix-ups for 2020-12).
   */
  fix?: (obj: JsonObject) => void
}

/** How spec-walk.ts sees a node: a spec object, a name map, data, or inside an extension. */
const SPEC = 0
const NAME_MAP = 1
const DATA = 2
const EXTENSION = 3
type Mode = typeof SPEC | typeof NAME_MAP | typeof DATA | typeof EXTENSION

const SCHEMA_SEGMENTS = new Set(['properties', 'items', 'allOf', 'anyOf', 'oneOf', 'not', 'additionalProperties', 'schema'])

class Upgrade {
  /**
   * `inPlace`: the document is rewritten rather than copied, which is only right for a
   * tree (no object reached twice, as JSON.parse makes; YAML aliases share objects).
   */
  constructor(
    private readonly inPlace: boolean,
    private readonly fix: ((obj: JsonObject) => void) | undefined,
  ) {}

  /** Keys (and array indices, as strings) from the root to the object being copied. */
  private readonly path: string[] = []
  /** How many of `path` are 'content' and 'application/octet-stream': checked at every object. */
  private contents = 0
  private octetStreams = 0
  /** What change() just renamed from `x-webhooks` to `webhooks`, for the fix-ups. */
  private renamedWebhooks: unknown = undefined

  object(node: JsonObject, mode: Mode): JsonObject {
    const result: JsonObject = this.inPlace ? node : {}
    for (const key in node) {
      const value = node[key]
      if (value === null || typeof value !== 'object') {
        if (!this.inPlace) result[key] = value
        continue
      }
      const child = childMode(mode, key, value)
      this.enter(key)
      result[key] = Array.isArray(value) ? this.array(value, child) : this.object(value as JsonObject, child)
      this.leave()
    }
    // swagger2-prepare.ts's renameNullable, on the objects spec-walk.ts visits as spec objects.
    if (mode === SPEC && result['x-nullable'] === true && result.nullable === undefined) result.nullable = true
    const changed = this.change(result, mode === NAME_MAP || mode === DATA)
    const webhooks = this.renamedWebhooks
    this.renamedWebhooks = undefined
    if (mode === SPEC && this.fix !== undefined) {
      this.fix(changed)
      // `x-webhooks` was an extension, not entered as spec; as `webhooks` it is a name map
      // that a walk after the upgrade would enter.
      if (webhooks !== undefined) this.fixAll(webhooks, typeof webhooks === 'object' && webhooks !== null && !Array.isArray(webhooks))
    }
    return changed
  }

  /** The fix-up on every spec object of a part the upgrade walk did not enter as spec, as walkSpec would reach it. */
  private fixAll(node: unknown, isNameMap = false): void {
    const fix = this.fix
    if (fix !== undefined) walkSpec(node, (obj, nameMap) => nameMap || fix(obj), isNameMap)
  }

  /** The upgrader copies an array's objects (with their index in the path) and keeps the rest. */
  private array(node: unknown[], mode: Mode): unknown[] {
    const items = mode === SPEC || mode === NAME_MAP ? SPEC : mode
    const out = this.inPlace ? node : new Array<unknown>(node.length)
    for (let i = 0; i < node.length; i++) {
      const item = node[i]
      if (item === null || typeof item !== 'object') out[i] = item
      else if (Array.isArray(item)) {
        out[i] = plainCopy(item, items) // not entered by the upgrader, but by walkSpec
        if (items === SPEC) this.fixAll(out[i])
      }
      else {
        this.enter(String(i))
        out[i] = this.object(item as JsonObject, items)
        this.leave()
      }
    }
    return out
  }

  private enter(key: string): void {
    this.path.push(key)
    if (key === 'content') this.contents++
    else if (key === 'application/octet-stream') this.octetStreams++
  }

  private leave(): void {
    const key = this.path.pop()
    if (key === 'content') this.contents--
    else if (key === 'application/octet-stream') this.octetStreams--
  }

  /** The upgrader's applyChangesToDocument, on a fresh copy; `shielded`: its `example` key is not the keyword. */
  private change(schema: JsonObject, shielded: boolean): JsonObject {
    const path = this.path
    if (schema.type !== undefined && schema.nullable === true) {
      schema.type = [schema.type, 'null']
      delete schema.nullable
    }
    if (schema.exclusiveMinimum === true) {
      schema.exclusiveMinimum = schema.minimum
      delete schema.minimum
    } else if (schema.exclusiveMinimum === false) {
      delete schema.exclusiveMinimum
    }
    if (schema.exclusiveMaximum === true) {
      schema.exclusiveMaximum = schema.maximum
      delete schema.maximum
    } else if (schema.exclusiveMaximum === false) {
      delete schema.exclusiveMaximum
    }
    if (!shielded && schema.example !== undefined && !insideExamplesMap(path)) {
      schema.examples = isSchemaPath(path) ? [schema.example] : { default: { value: schema.example } }
      delete schema.example
    }
    if (schema.type === 'object' && schema.properties !== undefined && schema.properties !== null && isMultipart(path)) {
      for (const value of Object.values(schema.properties)) {
        if (typeof value === 'object' && value !== null && 'type' in value && 'format' in value && value.type === 'string' && value.format === 'binary') {
          ;(value as JsonObject).contentMediaType = 'application/octet-stream'
          delete (value as JsonObject).format
        }
      }
    }
    if (this.contents > 0 && this.octetStreams > 0) return {}
    if (schema.type === 'string') {
      if (schema.format === 'binary') return { ...withoutFormat(schema), type: 'string', contentMediaType: 'application/octet-stream' }
      if (schema.format === 'base64') return { ...withoutFormat(schema), type: 'string', contentEncoding: 'base64' }
      if (schema.format === 'byte') {
        const contentMediaType = path.slice(0, -1).find((_, i) => path[i - 1] === 'content')
        return { ...withoutFormat(schema), type: 'string', contentEncoding: 'base64', contentMediaType }
      }
    }
    if (schema['x-webhooks'] !== undefined) {
      schema.webhooks = this.renamedWebhooks = schema['x-webhooks']
      delete schema['x-webhooks']
    }
    return schema
  }
}

/** spec-walk.ts's view of a child: what walkSpec and upgrade.ts's renameKeys would make of it. */
function childMode(mode: Mode, key: string, value: object): Mode {
  if (mode === NAME_MAP) return SPEC
  if (mode !== SPEC) return mode
  if (DATA_KEYS.has(key)) return DATA
  if (key.startsWith('x-')) return EXTENSION
  return NAME_MAPS.has(key) && !Array.isArray(value) ? NAME_MAP : SPEC
}

function withoutFormat(schema: JsonObject): JsonObject {
  const { format: _, ...rest } = schema
  return rest
}

/** An array inside an array, which the upgrader does not enter; x-nullable still became nullable in its spec objects. */
function plainCopy(node: unknown, mode: Mode): unknown {
  if (node === null || typeof node !== 'object') return node
  if (Array.isArray(node)) return node.map((item) => plainCopy(item, mode === NAME_MAP ? SPEC : mode))
  const out: JsonObject = {}
  for (const key in node) {
    const value = (node as JsonObject)[key]
    out[key] = value !== null && typeof value === 'object' ? plainCopy(value, childMode(mode, key, value)) : value
  }
  if (mode === SPEC && out['x-nullable'] === true && out.nullable === undefined) out.nullable = true
  return out
}

function insideExamplesMap(path: string[]): boolean {
  for (let i = 1; i < path.length; i++) if (path[i] === 'examples' && path[i - 1] !== 'properties') return true
  return false
}

function isSchemaPath(path: string[]): boolean {
  for (const segment of path) if (SCHEMA_SEGMENTS.has(segment) || segment.endsWith('Schema')) return true
  return path.length >= 2 && path[0] === 'components' && path[1] === 'schemas'
}

function isMultipart(path: string[]): boolean {
  for (let i = 0; i < path.length - 1; i++) if (path[i] === 'content' && path[i + 1] === 'multipart/form-data') return true
  return false
}
