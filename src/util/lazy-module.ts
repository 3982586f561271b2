import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * A CommonJS dependency loaded on its first use instead of at start-up: for libraries that
 * only some apps or some requests need (a spec problem's location, mock replies, multipart
 * bodies, a serialiser's fallback), so that every start does not pay for their modules.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= require(name) as T)
}
