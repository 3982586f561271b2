import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Socket } from 'node:net'
import { after, describe, test } from 'node:test'
import { createApp } from '../../src/index.js'
import { testClient, testToken } from '../../src/testing/index.js'
import { fixture, harness, JWT_SECRET, jobsContract, type ContractBackend } from './contract.js'
import { deletePrefix, findRedis, freePort } from './redis.js'

const redis = await findRedis()
// Every run (and every app in it) has keys of its own: parallel runs on one Redis never meet.
const runPrefix = `macaron-test-${process.pid}-${Date.now()}`
let apps = 0
after(async () => {
  await deletePrefix(redis.url, runPrefix)
  await redis.stop()
})

const bullmq = (): ContractBackend => ({
  name: 'bullmq',
  jobs: () => ({ backend: 'bullmq', redis: { url: redis.url, prefix: `${runPrefix}-${++apps}`, lock_ms: 1000 } }),
  start: (app) => app.jobs.work(),
})

jobsContract(bullmq())

const bin = new URL('../../bin/macaron.js', import.meta.url).pathname

/** A `macaron worker` process on the fixture, resolved once it runs its tasks. */
async function startWorker(prefix: string, logFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=macaron-source', '--import', 'tsx', bin, 'worker', fixture], {
    env: { ...process.env, JOBS_LOG: logFile, JWT_SECRET, MACARON_LOG__LEVEL: 'info', MACARON_JOBS__BACKEND: 'bullmq', MACARON_JOBS__REDIS__URL: redis.url, MACARON_JOBS__REDIS__PREFIX: prefix, MACARON_JOBS__REDIS__LOCK_MS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 20 s:\n${output}`)), 20_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('worker running its tasks')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)))
  })
  return child
}

describe('BullMQ faults', () => {
  test('a worker killed with SIGKILL mid-job: the job runs again on another worker and completes; its jobId keeps it one job', { timeout: 60_000 }, async () => {
    const backend = bullmq()
    const h = await harness({ ...backend, start: async () => undefined })
    const prefix = h.app.config.jobs.redis.prefix!
    const first = await startWorker(prefix, h.logFile)
    const { noteTask } = await import('./fixture/src/tasks/notes.js')
    const jobId = `welcome-${Date.now()}`
    await noteTask.enqueue({ text: 'killme', sleep_ms: 1500 }, { jobId })
    await h.waitFor('the first worker to start the job', (r) => r.some((x) => x.event === 'start' && x.pid === first.pid))
    first.kill('SIGKILL')
    const second = await startWorker(prefix, h.logFile)
    try {
      const records = await h.waitFor('the job to complete on the second worker', (r) => r.some((x) => x.event === 'done' && x.text === 'killme'), 30_000)
      const starts = records.filter((x) => x.event === 'start' && x.text === 'killme')
      const dones = records.filter((x) => x.event === 'done' && x.text === 'killme')
      assert.deepEqual([...new Set(starts.map((x) => x.pid))], [first.pid, second.pid], 'started by the killed worker, then by the other one')
      assert.equal(dones.length, 1)
      assert.equal(dones[0]!.pid, second.pid)
      assert.equal(dones[0]!.job_id, jobId)
      // The same jobId again while the completed job is kept: no third run.
      assert.equal(await noteTask.enqueue({ text: 'killme' }, { jobId }), jobId)
      await new Promise((r) => setTimeout(r, 500))
      assert.equal(h.records().filter((x) => x.event === 'start' && x.text === 'killme').length, 2)
    } finally {
      second.kill('SIGTERM')
      await new Promise((r) => second.once('exit', r))
      await h.app.close()
    }
  })

  for (const [what, target] of [
    ['refuses connections', async () => ({ port: await freePort(), close: async () => undefined })],
    ['accepts connections and never answers', silentServer],
  ] as const) {
    test(`Redis that ${what}: the request gets 503 TASK_QUEUE_UNAVAILABLE within the connect timeout, and /ready says so`, async () => {
      const down = await target()
      const app = await createApp({ dir: fixture, logger: false, environ: { JWT_SECRET }, overrides: { jobs: { backend: 'bullmq', redis: { url: `redis://127.0.0.1:${down.port}`, prefix: `${runPrefix}-down`, connect_timeout_ms: 500 } } } })
      try {
        const client = testClient(app)
        const token = await testToken(app, 'alice')
        for (let i = 0; i < 2; i++) {
          const started = Date.now()
          const res = await client.post('/notes', { token, json: { text: 'lost' } })
          const took = Date.now() - started
          res.expectError(503, 'TASK_QUEUE_UNAVAILABLE')
          assert.ok(took < 1500, `answered in ${took} ms`)
        }
        const ready = await client.get('/ready')
        assert.equal(ready.status, 503)
        assert.match(String((ready.json() as { error_description: string }).error_description), /tasks/)
      } finally {
        await app.close()
        await down.close()
      }
    })
  }
})

test('Redis down when an asyncTask call is handed over after the response: the response stands, the failure is reported with an error_id', async () => {
  const port = await freePort()
  const h = await harness({ name: 'bullmq-down', jobs: () => ({ backend: 'bullmq', redis: { url: `redis://127.0.0.1:${port}`, prefix: `${runPrefix}-down`, connect_timeout_ms: 300 } }), start: async () => undefined })
  try {
    const res = await testClient(h.app).post('/notes/later', { token: await testToken(h.app, 'alice'), json: { text: 'unsent' } })
    res.expectStatus(202)
    const records = await h.waitFor('the crash report', (r) => r.some((x) => x.event === 'crash'))
    const crash = records.find((x) => x.event === 'crash')!.crash as { kind: string; code: string; error_id: string; task: { name: string } }
    assert.equal(crash.kind, 'task')
    assert.equal(crash.code, 'TASK_QUEUE_UNAVAILABLE')
    assert.equal(crash.task.name, 'sendNote')
    assert.match(crash.error_id, /^[0-9a-f-]{36}$/)
  } finally {
    await h.app.close()
  }
})

/** A TCP server that takes connections and says nothing: the hang a firewall or a stuck proxy makes. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => void sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}
