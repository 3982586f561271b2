import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { createApp, type MacaronApp } from '../../src/index.js'
import { testClient, testToken } from '../../src/testing/index.js'
import { readRecords } from './fixture/src/record.js'

export const fixture = new URL('./fixture', import.meta.url).pathname
export const JWT_SECRET = 'jobs-test-secret-that-is-long-enough!'

/** What differs between the backends the contract runs on. */
export interface ContractBackend {
  name: string
  /** The jobs section of macaron.yaml for this backend. */
  jobs(): Record<string, unknown>
  /** After createApp: start what runs the jobs (BullMQ: workers; in process: nothing). */
  start(app: MacaronApp): Promise<void>
}

export interface Harness {
  app: MacaronApp
  logFile: string
  records(): Array<Record<string, unknown>>
  waitFor(what: string, predicate: (records: Array<Record<string, unknown>>) => boolean, timeoutMs?: number): Promise<Array<Record<string, unknown>>>
}

/** A fresh app on this backend, with its own record file ($JOBS_LOG, read by the fixture's tasks). */
export async function harness(backend: ContractBackend, jobs: Record<string, unknown> = {}): Promise<Harness> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'macaron-jobs-')), 'records.jsonl')
  process.env.JOBS_LOG = logFile
  const app = await createApp({ dir: fixture, logger: false, environ: { JWT_SECRET }, overrides: { jobs: { backoff_ms: 50, ...backend.jobs(), ...jobs } } })
  await backend.start(app)
  const records = () => readRecords(logFile)
  return {
    app,
    logFile,
    records,
    async waitFor(what, predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const seen = records()
        if (predicate(seen)) return seen
        await new Promise((r) => setTimeout(r, 25))
      }
      assert.fail(`waited ${timeoutMs} ms for ${what}; records: ${JSON.stringify(records(), null, 1)}`)
    },
  }
}

const of = (records: Array<Record<string, unknown>>, event: string, text?: string) => records.filter((r) => r.event === event && (text === undefined || r.text === text))

/** The behaviour every job queue shows, run by test/jobs/inprocess.test.ts and bullmq.int.test.ts. */
export function jobsContract(backend: ContractBackend): void {
  describe(`task contract: ${backend.name}`, () => {
    const apps: MacaronApp[] = []
    // One app at a time: the workers of an earlier test's app would take this test's jobs.
    const open = async (jobs?: Record<string, unknown>) => {
      for (const app of apps.splice(0)) await app.close().catch(() => undefined)
      const h = await harness(backend, jobs)
      apps.push(h.app)
      return h
    }
    after(async () => {
      for (const app of apps) await app.close().catch(() => undefined)
    })

    test('a task enqueued by a request runs as the caller: user, token and request id', async () => {
      const h = await open()
      const token = await testToken(h.app, 'alice')
      const res = await testClient(h.app).post('/notes', { token, json: { text: 'hello' } })
      const { job_id } = res.expectStatus(202).expectJson<{ job_id: string }>()
      const [done] = of(await h.waitFor('the note task', (r) => of(r, 'done', 'hello').length === 1), 'done', 'hello')
      assert.equal(done!.job_id, job_id)
      assert.equal(done!.user_id, 'alice')
      assert.equal(done!.token, token)
      assert.equal(done!.scheme, 'bearerAuth')
      assert.equal(done!.request_id, res.header('x-request-id'))
      assert.equal(done!.attempt, 1)
    })

    test('a model instance in the payload arrives as a model instance', async () => {
      const h = await open()
      const note = h.app.models.Note!.fromJson({ text: 'as-model' })
      const { noteTask } = await import('./fixture/src/tasks/notes.js')
      await noteTask.enqueue(note as never)
      const [done] = of(await h.waitFor('the model note', (r) => of(r, 'done', 'as-model').length === 1), 'done', 'as-model')
      assert.equal(done!.model, 'Note')
      // Outside a request there is no caller: the task gets its own request id.
      assert.equal(done!.user_id, null)
      assert.match(String(done!.request_id), /^task-/)
    })

    test('enqueueing twice with one jobId runs the task once (idempotent enqueue)', async () => {
      const h = await open()
      const { noteTask } = await import('./fixture/src/tasks/notes.js')
      const jobId = `once-${Date.now()}`
      const ids = await Promise.all([noteTask.enqueue({ text: 'once' }, { jobId }), noteTask.enqueue({ text: 'once' }, { jobId })])
      assert.deepEqual(ids, [jobId, jobId])
      await h.waitFor('the first run', (r) => of(r, 'done', 'once').length === 1)
      assert.equal(await noteTask.enqueue({ text: 'once' }, { jobId }), jobId)
      await new Promise((r) => setTimeout(r, 300))
      assert.equal(of(h.records(), 'start', 'once').length, 1)
    })

    test('a delayed task runs no earlier than its delay', async () => {
      const h = await open()
      const { noteTask } = await import('./fixture/src/tasks/notes.js')
      const enqueuedAt = Date.now()
      await noteTask.enqueue({ text: 'later' }, { delay: 600 })
      const [started] = of(await h.waitFor('the delayed note', (r) => of(r, 'done', 'later').length === 1), 'start', 'later')
      assert.ok(Number(started!.at) - enqueuedAt >= 590, `started ${Number(started!.at) - enqueuedAt} ms after enqueue`)
    })

    test('a failing task is retried with backoff, then reported to the crash reporter with an error_id, listed as failed and retried on demand', async () => {
      const h = await open()
      const { noteTask } = await import('./fixture/src/tasks/notes.js')
      // fail_times 1: the second attempt succeeds.
      await noteTask.enqueue({ text: 'flaky', fail_times: 1 })
      const flaky = await h.waitFor('the retried note', (r) => of(r, 'done', 'flaky').length === 1)
      assert.deepEqual(of(flaky, 'start', 'flaky').map((r) => r.attempt), [1, 2])
      const gap = Number(of(flaky, 'start', 'flaky')[1]!.at) - Number(of(flaky, 'start', 'flaky')[0]!.at)
      assert.ok(gap >= 45, `retry came ${gap} ms after the failure; backoff is 50 ms`)

      // fail_times 3 with attempts 3: every attempt fails.
      const id = await noteTask.enqueue({ text: 'doomed', fail_times: 3 })
      const records = await h.waitFor('the crash report', (r) => r.some((x) => x.event === 'crash'))
      assert.deepEqual(of(records, 'start', 'doomed').map((r) => r.attempt), [1, 2, 3])
      const crash = records.find((x) => x.event === 'crash')!.crash as { kind: string; code: string; error_id: string; message: string; task: { name: string; id: string; attempt: number } }
      assert.equal(crash.kind, 'task')
      assert.equal(crash.code, 'TASK_FAILED')
      assert.match(crash.error_id, /^[0-9a-f-]{36}$/)
      assert.deepEqual(crash.task, { name: 'note', id, attempt: 3 })
      assert.match(crash.message, /fails attempt 3/)

      const failed = await waitForFailed(h.app, id)
      assert.equal(failed.task, 'note')
      assert.equal(failed.attempts, 3)
      assert.match(failed.reason, /fails attempt 3/)
      assert.equal(await h.app.jobs.queue.retry([id]), 1)
      await h.waitFor('the retried job', (r) => of(r, 'start', 'doomed').length >= 4)
    })

    test('at most `concurrency` runs of a task at once', async () => {
      const h = await open()
      const { noteTask } = await import('./fixture/src/tasks/notes.js')
      await Promise.all([1, 2, 3, 4, 5].map((i) => noteTask.enqueue({ text: `busy${i}`, sleep_ms: 150 })))
      const records = await h.waitFor('five busy notes', (r) => of(r, 'done').filter((x) => String(x.text).startsWith('busy')).length === 5)
      let running = 0
      let most = 0
      const events = records.filter((r) => String(r.text).startsWith('busy') && (r.event === 'start' || r.event === 'done')).sort((a, b) => Number(a.at) - Number(b.at) || (a.event === 'done' ? -1 : 1))
      for (const r of events) {
        running += r.event === 'start' ? 1 : -1
        most = Math.max(most, running)
      }
      assert.equal(most, 2, 'the note task has concurrency 2')
    })

    test('asyncTask called in a handler runs after the response is sent, as the caller', async () => {
      const h = await open()
      const token = await testToken(h.app, 'bob')
      const res = await testClient(h.app).post('/notes/later', { token, json: { text: 'after', sleep_ms: 300 } })
      res.expectStatus(202)
      const answeredAt = Date.now()
      const [done] = of(await h.waitFor('sendNote', (r) => of(r, 'done', 'after').length === 1), 'done', 'after')
      assert.equal(done!.task, 'sendNote')
      assert.equal(done!.user_id, 'bob')
      assert.equal(done!.request_id, res.header('x-request-id'))
      // The handler slept 300 ms after the call: a task run at the call would be that much earlier.
      assert.ok(Number(done!.at) >= answeredAt - 100, `ran ${answeredAt - Number(done!.at)} ms before the response arrived`)
    })

    test('close() waits for the task that is running', async () => {
      const h = await open()
      const { noteTask } = await import('./fixture/src/tasks/notes.js')
      await noteTask.enqueue({ text: 'drain', sleep_ms: 400 })
      await h.waitFor('the drain note to start', (r) => of(r, 'start', 'drain').length === 1)
      await h.app.close()
      assert.equal(of(h.records(), 'done', 'drain').length, 1, 'finished before close() resolved')
    })

    test('a cron schedule runs the task', async () => {
      const h = await open()
      const { defineTask } = await import('../../src/index.js')
      const { record } = await import('./fixture/src/record.js')
      const tick = defineTask(`tick-${backend.name}`, async () => record({ event: 'done', task: 'tick' }), { schedule: '* * * * * *' })
      await h.app.jobs.work()
      await h.waitFor('two ticks', (r) => r.filter((x) => x.task === 'tick').length >= 2, 5000)
      assert.equal(tick.options.schedule, '* * * * * *')
    })
  })
}

async function waitForFailed(app: MacaronApp, id: string) {
  for (let i = 0; i < 100; i++) {
    const found = (await app.jobs.queue.failed(50)).find((f) => f.id === id)
    if (found) return found
    await new Promise((r) => setTimeout(r, 50))
  }
  assert.fail(`job ${id} is not listed as failed`)
}
