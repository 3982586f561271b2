import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { after, test } from 'node:test'
import { fixture, harness, JWT_SECRET } from './contract.js'
import { deletePrefix, findRedis, freePort } from './redis.js'

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

test('macaron worker serves its task metrics on metrics.port', { timeout: 60_000 }, async () => {
  const h = await harness({ name: 'bullmq', jobs: () => ({ backend: 'bullmq', redis: { url: redis.url, prefix } }), start: async () => undefined })
  const port = await freePort()
  const child = spawn(process.execPath, ['--conditions=macaron-source', '--import', 'tsx', bin, 'worker'], { cwd: fixture, env: { ...env, JOBS_LOG: h.logFile, MACARON_LOG__LEVEL: 'info', MACARON_METRICS__PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    for (let i = 0; i < 400 && !output.includes('worker running its tasks'); i++) await new Promise((r) => setTimeout(r, 50))
    assert.match(output, /worker running its tasks/)
    const { noteTask } = await import('./fixture/src/tasks/notes.js')
    await noteTask.enqueue({ text: 'measured' })
    await h.waitFor('the measured note', (r) => r.some((x) => x.event === 'done' && x.text === 'measured'))
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
    assert.match(text, /^macaron_task_duration_seconds_count\{task="note",outcome="ok"\} 1$/m)
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    await h.app.close()
  }
})
