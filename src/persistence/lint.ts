import { deref } from '../pipeline/deref.js'
import type { JsonObject, LoadedApi } from '../spec/types.js'
import { PersistSpecError, readPersist } from './x-persist.js'

/** Problems of the x-persist declarations of one API, by schema name, as start-up would report them. */
export function persistProblems(api: LoadedApi): Array<{ schema: string; extension: string; message: string }> {
  const schemas = (((api.document.components ?? {}) as JsonObject).schemas ?? {}) as Record<string, unknown>
  const out: Array<{ schema: string; extension: string; message: string }> = []
  for (const [name, raw] of Object.entries(schemas)) {
    if (typeof raw !== 'object' || raw === null) continue
    const schema = deref(api.document, raw)
    try {
      readPersist(name, schema, (s) => deref(api.document, s))
    } catch (error) {
      if (!(error instanceof PersistSpecError)) throw error
      const extension = typeof schema['x-persist'] === 'string' && schema['x-persist-table'] !== undefined ? 'x-persist-table' : 'x-persist'
      for (const message of error.problems) out.push({ schema: name, extension, message })
    }
  }
  return out
}
