import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffDelay, nextCronTime } from '../../src/jobs/schedule.js'

test('cron expressions are read in UTC, with or without seconds; a bad one is refused naming it', async () => {
  const after = Date.parse('2026-11-29T02:59:30.000Z')
  assert.equal(await nextCronTime('*/5 * * * *', after), Date.parse('2026-11-29T03:00:00.000Z'))
  assert.equal(await nextCronTime('0 3 * * *', after), Date.parse('2026-11-29T03:00:00.000Z'))
  assert.equal(await nextCronTime('*/10 * * * * *', after), Date.parse('2026-11-29T02:59:40.000Z'))
  await assert.rejects(nextCronTime('every day', after), /schedule 'every day' is not a valid cron expression/)
})

test('backoff: fixed waits the same, exponential doubles from the delay', () => {
  assert.deepEqual([1, 2, 3].map((n) => backoffDelay({ type: 'fixed', delay: 100 }, n)), [100, 100, 100])
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay({ type: 'exponential', delay: 100 }, n)), [100, 200, 400, 800])
})
