// Runs every test file under test/ and examples/ with node's test runner on the TypeScript
// sources (tsx), in one process tree. Usage: node scripts/run-tests.mjs [filter substrings...]
// Node 20 does not expand globs given to --test, so the files are listed here.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const filters = process.argv.slice(2)

function find(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...find(path))
    else if (name.endsWith('.test.ts')) out.push(relative(root, path))
  }
  return out
}

const files = ['test', 'examples']
  .flatMap((d) => find(join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort()
if (files.length === 0) {
  console.error('no test files matched', filters)
  process.exit(1)
}
const args = ['--conditions=macaron-source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files]
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } })
process.exit(result.status ?? 1)
