import { asyncTask, currentContext, getRequestId, modelNameOf } from 'macaron'

interface NewProfile {
  profile_id: string
  name: string
  email?: string
}

/** Stands in for a mail API: what the welcome task sent, in this process (tests read it). */
export const outbox: Array<{ profile_id: string; name: string; request_id: string | undefined; model: string | undefined }> = []

/**
 * PyMacaron's @asynctask: createProfile calls sendWelcome(profile) and answers 201 at once;
 * the task runs after the response, in process under `npm start`, or in a `macaron worker`
 * when jobs.backend is bullmq. It may run twice (at least once): sending a welcome twice is
 * the harm, so a real mailer would pass an idempotency key such as the profile id.
 */
export const sendWelcome = asyncTask(async function sendWelcome(profile: NewProfile) {
  // The profile arrives as a Profile model again, and the log line carries the request id of the POST.
  outbox.push({ profile_id: profile.profile_id, name: profile.name, request_id: getRequestId(), model: modelNameOf(profile)?.name })
  currentContext()?.log.info({ profile_id: profile.profile_id }, `welcome sent to ${profile.name}`)
})
