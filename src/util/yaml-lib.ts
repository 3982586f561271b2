import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let lib: typeof import('yaml') | undefined

/**
 * The `yaml` library, loaded on first use: only a spec problem's location, an environment
 * override's value and the served YAML copy of a document need it, and its 72 modules were
 * about 15 ms of every start.
 */
export function yamlLib(): typeof import('yaml') {
  return (lib ??= require('yaml') as typeof import('yaml'))
}
