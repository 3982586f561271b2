import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'

/**
 * The git commit the service was built from: from the environment (GIT_COMMIT,
 * SOURCE_COMMIT, as CI systems and Docker builds set), else read from the checkout's
 * .git folder (or, in a linked worktree or a submodule, the folder its .git file points
 * at); undefined when neither is known (a plain copy of the files).
 */
export function gitCommit(dir: string, environ: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = environ.MACARON_GIT_COMMIT ?? environ.GIT_COMMIT ?? environ.SOURCE_COMMIT
  if (fromEnv) return fromEnv
  for (let here = dir; ; here = dirname(here)) {
    const git = gitDir(join(here, '.git'))
    if (git !== undefined) return readHead(git)
    if (dirname(here) === here) return undefined
  }
}

/** The git folder behind a `.git` entry: itself, or what a `.git` file's `gitdir:` names. */
function gitDir(entry: string): string | undefined {
  try {
    if (statSync(entry).isDirectory()) return existsSync(join(entry, 'HEAD')) ? entry : undefined
    const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(entry, 'utf8'))?.[1]?.trim()
    if (pointer === undefined) return undefined
    const dir = isAbsolute(pointer) ? pointer : join(dirname(entry), pointer)
    return existsSync(join(dir, 'HEAD')) ? dir : undefined
  } catch {
    return undefined
  }
}

function readHead(git: string): string | undefined {
  try {
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim()
    if (!head.startsWith('ref: ')) return head
    const ref = head.slice(5)
    // A linked worktree keeps its HEAD here and the branches in the common folder.
    const common = existsSync(join(git, 'commondir')) ? join(git, readFileSync(join(git, 'commondir'), 'utf8').trim()) : git
    for (const base of new Set([git, common])) {
      const loose = join(base, ref)
      if (existsSync(loose)) return readFileSync(loose, 'utf8').trim()
    }
    const packed = readFileSync(join(common, 'packed-refs'), 'utf8')
    return packed.split('\n').find((line) => line.endsWith(` ${ref}`))?.split(' ')[0]
  } catch {
    return undefined
  }
}
