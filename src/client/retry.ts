import { setTimeout as sleep } from 'node:timers/promises'

/** Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): spreads retries of many callers over the window. */
export function backoffDelay(attempt: number, backoff: { baseMs: number; maxMs: number }): number {
  return Math.random() * Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt)
}

/** Waits before a retry; a caller's abort ends the wait. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return sleep(ms, undefined, signal ? { signal } : {})
}

/** Statuses that say "try again, maybe elsewhere": a proxy or the service itself could not answer now. */
export function isRetryableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - Date.now()
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined
}
