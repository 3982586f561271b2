import { lazyModule } from './lazy-module.js'

/**
 * The `yaml` library, loaded on first use: only a spec problem's location, an environment
 * override's value and the served YAML copy of a document need it, and its 72 modules were
 * about 15 ms of every start.
 */
export const yamlLib = lazyModule<typeof import('yaml')>('yaml')
