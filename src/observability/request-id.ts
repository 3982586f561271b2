import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

const SAFE = /^[A-Za-z0-9._:@/+=-]{1,200}$/

/**
 * A caller's X-Request-Id is kept when it is a plain token, so that a request can be
 * followed across services; anything else (too long, spaces, control characters that
 * could forge log lines) is replaced by a new UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id']
  return typeof given === 'string' && SAFE.test(given) ? given : randomUUID()
}
