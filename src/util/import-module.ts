import { pathToFileURL } from 'node:url'

let typescriptReady = false

/**
 * Imports a user module by absolute path. Handlers may be TypeScript: the first time a .ts
 * file cannot be loaded by Node itself, tsx's loader is registered and the import retried,
 * so `macaron start` serves a project without a build step.
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (error) {
    if (typescriptReady || !/\.[cm]?tsx?$/.test(file) || (error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error
    const { register } = await import('tsx/esm/api')
    register()
    typescriptReady = true
    return (await import(url)) as Record<string, unknown>
  }
}
