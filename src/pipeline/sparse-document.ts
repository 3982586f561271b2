import type { JsonObject } from '../spec/types.js'
import { splitPointer } from '../util/yaml-source.js'
import { pointerGet } from './deref.js'
import { isObject } from './schema-variants.js'

/**
 * An API document as Ajv sees it, holding only the parts the compiled schemas reach.
 *
 * Ajv resolves `docId#/pointer` refs by walking the object it was given when the ref is
 * compiled, so that object can grow: before each compile, `reach(schema)` copies in
 * (through `transform`, the request or response variant) the parts that the schema's refs
 * reach, transitively, at the same pointers. Adding a whole document instead made the first
 * request of Microsoft Graph (20 MB) pay for copying it in three variants and for Ajv's walk
 * of every node looking for `$id`s: 1.1 s, for an operation that reaches a few hundred
 * schemas.
 *
 * The copy is only equivalent while nothing reached depends on the parts left out: a `$ref`
 * that is not a JSON pointer (an `$anchor`, another document's URI), or an `$id`, `$anchor`
 * or dynamic ref in or above the reached parts, which Ajv indexes when a document is added.
 * Then `reach` answers false and the caller hands Ajv the whole document, as before.
 */
export class SparseDocument {
  readonly root: JsonObject = {}
  /** Refs whose targets are in `root` with everything they reach. */
  private readonly followed = new Set<string>()
  /** The copies placed: a pointer below one of them is already in. */
  private readonly copied = new WeakSet<object>()

  constructor(
    private readonly source: JsonObject,
    private readonly transform: (node: unknown) => unknown,
  ) {}

  /** Copies in what `schema` reaches; false when the schema needs the whole document (above). */
  reach(schema: unknown): boolean {
    const targets: string[][] = []
    const pending: unknown[] = [schema]
    while (pending.length > 0) {
      const refs = refsIn(pending.pop())
      if (refs === undefined) return false
      for (const ref of refs) {
        if (this.followed.has(ref)) continue
        if (!ref.startsWith('#/')) return false
        this.followed.add(ref)
        const target = pointerGet(this.source, ref)
        if (target === undefined) continue // Ajv reports the dangling ref as it would on the whole document.
        targets.push(splitPointer(ref))
        pending.push(target)
      }
    }
    // Shorter pointers first: a part copied whole already holds the parts below it.
    targets.sort((a, b) => a.length - b.length)
    for (const path of targets) if (!this.place(path)) return false
    return true
  }

  /** Puts the transformed copy of the source's part at `path`; false if an ancestor carries an `$id`, or it is the root. */
  private place(path: string[]): boolean {
    if (path.length === 0) return false // '#/': the document's root.
    let node = this.root as Record<string, unknown>
    let source = this.source as Record<string, unknown>
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!
      source = source[key] as Record<string, unknown>
      if (ANCHORS.some((k) => k in source)) return false
      const here = node[key]
      if (typeof here === 'object' && here !== null && this.copied.has(here)) return true // An ancestor was copied whole.
      node = (here ?? (node[key] = Array.isArray(source) ? [] : {})) as Record<string, unknown>
    }
    const last = path[path.length - 1]!
    const copy = this.transform(source[last])
    if (typeof copy === 'object' && copy !== null) this.copied.add(copy)
    node[last] = copy
    return true
  }
}

/** Keys that make Ajv resolve refs by what it indexed when the document was added. */
const ANCHORS = ['$id', '$anchor', '$dynamicAnchor', '$dynamicRef', '$recursiveAnchor', '$recursiveRef']

/** The `$ref`s in a value, or undefined when it carries one of the ANCHORS keys. */
function refsIn(value: unknown, into: string[] = []): string[] | undefined {
  if (Array.isArray(value)) {
    for (const v of value) if (refsIn(v, into) === undefined) return undefined
  } else if (isObject(value)) {
    for (const k in value) {
      const v = value[k]
      if (k === '$ref' && typeof v === 'string') into.push(v)
      else if (ANCHORS.includes(k)) return undefined
      else if (refsIn(v, into) === undefined) return undefined
    }
  }
  return into
}
