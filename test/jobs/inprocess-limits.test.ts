import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { asyncTask, createApp, defineTask } from '../../src/index.js'
import { testClient, testToken } from '../../src/testing/index.js'
import { fixture, harness, JWT_SECRET } from './contract.js'
import { record } from './fixture/src/record.js'

// What the in-process queue does beyond the contract: its limits, written in docs/tasks.md.
const inprocess = { name: 'inprocess', jobs: () => ({ backend: 'inprocess' }), start: async () => undefined }

test('beyond jobs.max_pending the request gets 503 TASK_QUEUE_FULL, and the queue takes jobs again once it drains', async () => {
  const h = await harness(inprocess, { max_pending: 2 })
  try {
    const client = testClient(h.app)
    const token = await testToken(h.app, 'alice')
    for (const text of ['a', 'b']) (await client.post('/notes', { token, json: { text, sleep_ms: 200 } })).expectStatus(202)
    ;(await client.post('/notes', { token, json: { text: 'c' } })).expectError(503, 'TASK_QUEUE_FULL')
    await h.waitFor('a and b', (r) => r.filter((x) => x.event === 'done').length === 2)
    ;(await client.post('/notes', { token, json: { text: 'd' } })).expectStatus(202)
  } finally {
    await h.app.close()
  }
})

test('an attempt longer than the timeout fails with TASK_TIMED_OUT, is retried, then reported', async () => {
  const h = await harness(inprocess)
  try {
    const slow = defineTask('slow', async (_: null, job) => {
      record({ event: 'start', task: 'slow', attempt: job.attempt })
      await new Promise((r) => setTimeout(r, 300))
      record({ event: 'abandoned', task: 'slow-end', attempt: job.attempt, aborted: job.signal.aborted })
    }, { timeout: 50, attempts: 2, backoff: 10 })
    await slow.enqueue(null)
    const records = await h.waitFor('the crash report', (r) => r.some((x) => x.event === 'crash'))
    assert.deepEqual(records.filter((x) => x.task === 'slow').map((x) => x.attempt), [1, 2])
    const crash = records.find((x) => x.event === 'crash')!.crash as { code: string; message: string }
    assert.equal(crash.code, 'TASK_TIMED_OUT')
    assert.match(crash.message, /longer than 50 ms/)
    // The function is not stopped, but its signal says the attempt was given up.
    const ends = await h.waitFor('both attempts to end', (r) => r.filter((x) => x.task === 'slow-end').length === 2)
    assert.deepEqual(ends.filter((x) => x.task === 'slow-end').map((x) => x.aborted), [true, true])
  } finally {
    await h.app.close()
  }
})

test('shutdown: queued jobs run before close() resolves, delayed ones are dropped, new ones are refused with 503', async () => {
  const h = await harness(inprocess)
  const { noteTask } = await import('./fixture/src/tasks/notes.js')
  // Concurrency 2: the third and fourth wait in the queue when close() starts.
  for (const i of [1, 2, 3, 4]) await noteTask.enqueue({ text: `q${i}`, sleep_ms: 100 })
  await noteTask.enqueue({ text: 'delayed' }, { delay: 60_000 })
  await h.app.close()
  const done = h.records().filter((x) => x.event === 'done').map((x) => x.text)
  assert.deepEqual([...done].sort(), ['q1', 'q2', 'q3', 'q4'])
  await assert.rejects(noteTask.enqueue({ text: 'late' }), /no app is running its tasks|shutting down/)
  const failed = await h.app.jobs.queue.enqueue(h.app.jobs.resolve(noteTask as never), { task: 'note', payload: {}, context: {} }, {}).catch((e: unknown) => e)
  assert.equal((failed as { code?: string }).code, 'TASK_QUEUE_UNAVAILABLE')
})

test("a task's log lines carry the request id of the request that enqueued it", async () => {
  const lines: Array<Record<string, unknown>> = []
  const logStream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)), done()) })
  process.env.JOBS_LOG = (await harness(inprocess)).logFile
  const app = await createApp({ dir: fixture, logStream, environ: { JWT_SECRET }, overrides: { log: { level: 'warn' }, jobs: { backoff_ms: 10 } } })
  try {
    const res = await testClient(app).post('/notes', { token: await testToken(app, 'alice'), json: { text: 'logged', fail_times: 1 } })
    res.expectStatus(202)
    for (let i = 0; i < 100 && !lines.some((l) => l.task === 'note'); i++) await new Promise((r) => setTimeout(r, 20))
    const line = lines.find((l) => l.task === 'note')
    assert.ok(line, 'the failed first attempt is logged')
    assert.equal(line.request_id, res.header('x-request-id'))
    assert.equal(line.attempt, 1)
    assert.match(String(line.msg), /will be retried/)
  } finally {
    await app.close()
  }
})

test('a payload JSON cannot carry is refused at enqueue, in the caller', async () => {
  const h = await harness(inprocess)
  try {
    const { noteTask } = await import('./fixture/src/tasks/notes.js')
    await assert.rejects(noteTask.enqueue({ text: 'big', n: 1n } as never), /BigInt/)
  } finally {
    await h.app.close()
  }
})

test('an asyncTask called by a running task (no response to wait for) is enqueued at once, with the same caller', async () => {
  const h = await harness(inprocess)
  try {
    const child = asyncTask(async function childTask(text: string) {
      record({ event: 'done', task: 'childTask', text })
    })
    const parent = defineTask('parentTask', async (text: string) => {
      await child(`${text}-child`)
      record({ event: 'done', task: 'parentTask', text })
    })
    await testClient(h.app).post('/notes', { token: await testToken(h.app, 'alice'), json: { text: 'x' } })
    await parent.enqueue('p')
    const records = await h.waitFor('the child task', (r) => r.some((x) => x.task === 'childTask'))
    assert.equal(records.find((x) => x.task === 'childTask')!.text, 'p-child')
  } finally {
    await h.app.close()
  }
})

test('metrics: enqueued, run durations by outcome, and last attempts failed, by task', async () => {
  const { registry } = await import('../../src/observability/metrics.js')
  const h = await harness(inprocess)
  try {
    const counted = defineTask('counted', async (fail: boolean) => {
      record({ event: 'done', task: 'counted' })
      if (fail) throw new Error('counted fails')
    }, { attempts: 2, backoff: 1 })
    await counted.enqueue(false)
    await counted.enqueue(true)
    await h.waitFor('the crash report', (r) => r.some((x) => x.event === 'crash'))
    const text = await registry.metrics()
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1])
    assert.equal(value('macaron_tasks_enqueued_total{task="counted"}'), 2)
    assert.equal(value('macaron_task_duration_seconds_count{task="counted",outcome="ok"}'), 1)
    assert.equal(value('macaron_task_duration_seconds_count{task="counted",outcome="retried"}'), 1)
    assert.equal(value('macaron_task_duration_seconds_count{task="counted",outcome="failed"}'), 1)
    assert.equal(value('macaron_tasks_failed_total{task="counted"}'), 1)
  } finally {
    await h.app.close()
  }
})
