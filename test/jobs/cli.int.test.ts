import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, test } from 'node:test'
import { fixture, harness, JWT_SECRET } from './contract.js'
import { deletePrefix, findRedis } from './redis.js'

const redis = await findRedis()
const prefix = `macaron-cli-${process.pid}-${Date.now()}`
after(async () => {
  await deletePrefix(redis.url, prefix)
  await redis.stop()
})

const bin = new URL('../../bin/macaron.js', import.meta.url).pathname
const env = { ...process.env, JWT_SECRET, MACARON_JOBS__BACKEND: 'bullmq', MACARON_JOBS__REDIS__URL: redis.url, MACARON_JOBS__REDIS__PREFIX: prefix }
// The commands of docs/tasks.md as written there, run in the project folder (bin/macaron.js is what `npx macaron` runs).
const FAILED = 'npx macaron jobs failed'
const RETRY_ALL = 'npx macaron jobs retry --all'
const words = (command: string) => command.split(' ').slice(2)
const macaron = (args: string[], extra: Record<string, string> = {}) => spawnSync(process.execPath, ['--conditions=macaron-source', '--import', 'tsx', bin, ...args], { cwd: fixture, env: { ...env, ...extra }, encoding: 'utf8', timeout: 30_000 })

test('macaron jobs failed lists a job that failed every attempt; macaron jobs retry --all runs it again', async () => {
  const backend = { name: 'bullmq', jobs: () => ({ backend: 'bullmq', redis: { url: redis.url, prefix } }), start: (app: { jobs: { work(): Promise<void> } }) => app.jobs.work() }
  const h = await harness(backend)
  const { noteTask } = await import('./fixture/src/tasks/notes.js')
  const id = await noteTask.enqueue({ text: 'doomed', fail_times: 3 })
  await h.waitFor('the crash report', (r) => r.some((x) => x.event === 'crash'))
  await new Promise((r) => setTimeout(r, 200))

  const failed = macaron(words(FAILED))
  assert.equal(failed.status, 0, failed.stderr + failed.stdout)
  const line = failed.stdout.split('\n').find((l) => l.startsWith(id))
  assert.ok(line, failed.stdout)
  assert.match(line, /\tnote\t/)
  assert.match(line, /attempts 3/)
  assert.match(line, /note doomed fails attempt 3/)
  assert.match(failed.stdout, /^1 failed job\(s\)$/m)

  const refused = macaron(['jobs', 'retry'])
  assert.equal(refused.status, 2)
  const retried = macaron(words(RETRY_ALL))
  assert.equal(retried.status, 0, retried.stderr + retried.stdout)
  assert.match(retried.stdout, /1 job\(s\) queued again/)
  // The app's worker is still running: it takes the job again.
  await h.waitFor('the retried run', (r) => r.filter((x) => x.event === 'start' && x.text === 'doomed').length >= 4)
  await h.app.close()
})

test('macaron worker on the in-process backend says there is nothing to run, exit 2', () => {
  const result = macaron(['worker'], { MACARON_JOBS__BACKEND: 'inprocess' })
  assert.equal(result.status, 2)
  assert.match(result.stderr, /jobs\.backend is 'inprocess'/)
})
