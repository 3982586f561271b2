import { asyncTask, defineTask, getRequestId } from 'macaron'

/** Stands in for a mail API. */
export const sent: Array<{ kind: string; to: string; request_id: string | undefined }> = []

// #region define
// A named task with its limits; the payload is JSON (model instances arrive as models).
export const sendReceipt = defineTask<{ email: string; order: string }>(
  'sendReceipt',
  async ({ email }) => {
    sent.push({ kind: 'receipt', to: email, request_id: getRequestId() })
  },
  { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, timeout: 10_000, concurrency: 2 },
)

// PyMacaron's @asynctask: call it like the function; it runs after the response is sent.
export const sendWelcome = asyncTask(async function sendWelcome(user: { email: string }) {
  sent.push({ kind: 'welcome', to: user.email, request_id: getRequestId() })
})

// A cron schedule (UTC): every day at 03:00, with an undefined payload.
export const purgeOldAccounts = defineTask('purgeOldAccounts', async () => undefined, { schedule: '0 3 * * *' })
// #endregion define
