import type { Backoff } from './types.js'

/** The delay before the retry that follows failed attempt `attempt` (1-based), as BullMQ computes it. */
export function backoffDelay(backoff: Exclude<Backoff, number>, attempt: number): number {
  return backoff.type === 'fixed' ? backoff.delay : Math.round(2 ** (attempt - 1) * backoff.delay)
}

/**
 * The next time a cron expression fires after `after` (UTC), or undefined when it never
 * does again. It asks BullMQ's own repeat strategy, so that the in-process queue reads
 * cron expressions exactly as the Redis queue does (BullMQ uses cron-parser). BullMQ is
 * loaded only when a task has a schedule.
 */
export async function nextCronTime(pattern: string, after: number): Promise<number | undefined> {
  const { defaultRepeatStrategy } = await import('bullmq')
  try {
    return defaultRepeatStrategy(after, { pattern, tz: 'UTC' })
  } catch (error) {
    throw new Error(`schedule '${pattern}' is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`)
  }
}
