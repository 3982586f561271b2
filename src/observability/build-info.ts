import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The git commit the service was built from: from the environment (GIT_COMMIT,
 * SOURCE_COMMIT, as CI systems and Docker builds set), else read from the checkout's
 * .git folder; undefined when neither is known (a plain copy of the files).
 */
export function gitCommit(dir: string, environ: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = environ.MACARON_GIT_COMMIT ?? environ.GIT_COMMIT ?? environ.SOURCE_COMMIT
  if (fromEnv) return fromEnv
  for (let here = dir; ; here = dirname(here)) {
    const git = join(here, '.git')
    if (existsSync(join(git, 'HEAD'))) return readHead(git)
    if (dirname(here) === here) return undefined
  }
}

function readHead(git: string): string | undefined {
  try {
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim()
    if (!head.startsWith('ref: ')) return head
    const ref = head.slice(5)
    const loose = join(git, ref)
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim()
    const packed = readFileSync(join(git, 'packed-refs'), 'utf8')
    return packed.split('\n').find((line) => line.endsWith(` ${ref}`))?.split(' ')[0]
  } catch {
    return undefined
  }
}
