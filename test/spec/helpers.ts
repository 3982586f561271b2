import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { loadApi } from '../../src/spec/load.js'
import { SpecError } from '../../src/spec/problems.js'
import type { SpecProblem } from '../../src/spec/types.js'

/** Absolute path of a file under test/fixtures/spec. */
export function fixture(path: string): string {
  return fileURLToPath(new URL(`../fixtures/spec/${path}`, import.meta.url))
}

/** The problems loadApi reports for a fixture that must not load. */
export async function problemsOf(path: string): Promise<SpecProblem[]> {
  try {
    await loadApi(fixture(path))
  } catch (err) {
    assert.ok(err instanceof SpecError, `expected a SpecError, got ${String(err)}`)
    return err.problems
  }
  assert.fail(`${path} loaded, but it is broken`)
}

/** Every value of `node` under a key named `key`, anywhere. */
export function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => valuesOf(n, key))
  if (node === null || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([k, v]) => (k === key ? [v, ...valuesOf(v, key)] : valuesOf(v, key)))
}
