import { closest } from './distance.js'

/** The vendor extensions Macaron reads. */
export const OUR_EXTENSIONS = [
  'x-bind-server', 'x-bind-client', 'x-decorate-server', 'x-persist', 'x-persist-table', 'x-macaron-mock', 'x-macaron-example',
] as const

const OUR_PREFIXES = ['x-bind-', 'x-decorate-', 'x-persist', 'x-macaron-']

/**
 * The extension the user probably meant when `key` is not one of ours but looks like it
 * (our prefix, or at most two edits away: x-bind-servr, x-persits, X-Persist), else undefined.
 * A misspelt x-bind-server would silently leave an operation unbound, hence the warning.
 */
export function meantExtension(key: string): string | undefined {
  if ((OUR_EXTENSIONS as readonly string[]).includes(key)) return undefined
  const near = closest(key, OUR_EXTENSIONS, 2)
  if (near) return near
  const lower = key.toLowerCase()
  const prefix = OUR_PREFIXES.find((p) => lower.startsWith(p))
  if (!prefix) return undefined
  const family = OUR_EXTENSIONS.filter((name) => name.startsWith(prefix))
  return closest(key, family, Infinity)
}
