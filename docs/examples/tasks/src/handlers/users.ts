import { reply, type HandlerContext } from 'macaron'
import { sendReceipt, sendWelcome } from '../tasks/emails.js'

// #region handler
export async function createUser({ body }: HandlerContext<{}, {}, {}, {}, { email: string; name?: string }>) {
  // Queued after the 201 is sent; a queue failure is logged and reported, never the response.
  await sendWelcome(body)
  // Queued now: if Redis is unreachable the request answers 503 TASK_QUEUE_UNAVAILABLE.
  // The jobId makes a retried request enqueue the receipt once.
  await sendReceipt.enqueue({ email: body.email, order: 'signup' }, { jobId: `receipt-${body.email}`, delay: 50 })
  return reply(201, body)
}
// #endregion handler
