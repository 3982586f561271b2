import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { after, test } from 'node:test'
import { deletePrefix, findRedis, freePort } from '../../../test/jobs/redis.js'

// The documented way to run the example on Redis (docs/tasks.md): `macaron start` and a
// `macaron worker` with jobs.backend bullmq; the welcome task runs in the worker.
// The commands of docs/tasks.md as written there, run from the repository root (bin/macaron.js is what `npx macaron` runs).
const DOC_ENV = 'export MACARON_JOBS__BACKEND=bullmq MACARON_JOBS__REDIS__URL=redis://127.0.0.1:6379'
const DOC_WORKER = 'npx macaron worker examples/profiles'
const DOC_START = 'npx macaron start examples/profiles'
const root = new URL('../../..', import.meta.url).pathname
const bin = new URL('../../../bin/macaron.js', import.meta.url).pathname
const redis = await findRedis()
const prefix = `macaron-example-${process.pid}-${Date.now()}`
const children: ChildProcess[] = []
after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))))
  await deletePrefix(redis.url, prefix)
  await redis.stop()
})

function run(args: string[], env: Record<string, string>, until: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--conditions=macaron-source', '--import', 'tsx', bin, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes(until)) {
        clearInterval(timer)
        resolve({ child, output: () => output })
      }
    }, 20)
    child.once('exit', (code) => reject(new Error(`macaron ${args[0]} exited with ${code}:\n${output}`)))
  })
}

test('npm start + macaron worker on Redis: the welcome task of a new profile runs in the worker', { timeout: 60_000 }, async () => {
  const port = await freePort()
  const documented = Object.fromEntries(DOC_ENV.split(' ').slice(1).map((pair) => pair.split('=') as [string, string]))
  // The test's own Redis (a started one when 6379 has none), keys, port and the in-memory store of the test env.
  const env = { ...documented, MACARON_JOBS__REDIS__URL: redis.url, MACARON_JOBS__REDIS__PREFIX: prefix, MACARON_ENV: 'test', MACARON_LOG__LEVEL: 'info' }
  const worker = await run(DOC_WORKER.split(' ').slice(2), env, 'worker running its tasks')
  await run([...DOC_START.split(' ').slice(2), '--port', String(port), '--host', '127.0.0.1'], env, 'listening on')
  const res = await fetch(`http://127.0.0.1:${port}/profiles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Hopper' }) })
  assert.equal(res.status, 201)
  const { profile_id } = (await res.json()) as { profile_id: string }
  for (let i = 0; i < 200 && !worker.output().includes(profile_id); i++) await new Promise((r) => setTimeout(r, 25))
  const line = worker.output().split('\n').find((l) => l.includes(profile_id))
  assert.ok(line, `the worker logged the welcome:\n${worker.output()}`)
  const entry = JSON.parse(line) as { msg: string; request_id: string }
  assert.equal(entry.msg, 'welcome sent to Hopper')
  assert.equal(entry.request_id, res.headers.get('x-request-id'))
})
