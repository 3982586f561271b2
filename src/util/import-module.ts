import { pathToFileURL } from 'node:url'

let typescriptReady = false

/**
 * Imports a user module by absolute path. Handlers may be TypeScript: before the first
 * .ts file, tsx's loader is registered, so `macaron start` serves a project without a
 * build step. (Registering after a failed import does not help: Node caches the failure
 * for that URL, and that is how an installed Macaron once failed on every .ts handler.)
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  if (!typescriptReady && /\.[cm]?tsx?$/.test(file)) {
    const { register } = await import('tsx/esm/api')
    register()
    typescriptReady = true
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>
}
