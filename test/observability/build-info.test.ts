import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { gitCommit } from '../../src/observability/build-info.js'

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim()
const noEnv = {}

test('the commit is read from a checkout, a linked worktree and packed refs, below the service folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'macaron-git-'))
  const main = join(root, 'main')
  mkdirSync(join(main, 'service'), { recursive: true })
  git(main, 'init', '-q', '-b', 'main')
  writeFileSync(join(main, 'service', 'a.txt'), 'a')
  git(main, 'add', '.')
  git(main, 'commit', '-qm', 'one')
  const first = git(main, 'rev-parse', 'HEAD')
  assert.equal(gitCommit(join(main, 'service'), noEnv), first)

  // A linked worktree: .git is a file pointing into the main checkout's .git/worktrees.
  git(main, 'worktree', 'add', '-q', '-b', 'other', join(root, 'linked'))
  writeFileSync(join(root, 'linked', 'b.txt'), 'b')
  git(join(root, 'linked'), 'add', '.')
  git(join(root, 'linked'), 'commit', '-qm', 'two')
  const second = git(join(root, 'linked'), 'rev-parse', 'HEAD')
  assert.notEqual(second, first)
  assert.equal(gitCommit(join(root, 'linked', 'service'), noEnv), second)

  // Branches packed by git gc live only in packed-refs.
  git(main, 'pack-refs', '--all')
  assert.equal(gitCommit(join(main, 'service'), noEnv), first)
  assert.equal(gitCommit(join(root, 'linked'), noEnv), second)

  // The environment wins; a folder outside any checkout has none.
  assert.equal(gitCommit(main, { GIT_COMMIT: 'abc123' }), 'abc123')
  assert.equal(gitCommit(mkdtempSync(join(tmpdir(), 'macaron-nogit-')), noEnv), undefined)
})
