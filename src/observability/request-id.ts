import { randomFillSync } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

const SAFE = /^[A-Za-z0-9._:@/+=-]{1,200}$/

/**
 * A caller's X-Request-Id is kept when it is a plain token, so that a request can be
 * followed across services; anything else (too long, spaces, control characters that
 * could forge log lines) is replaced by a new id.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id']
  return typeof given === 'string' && SAFE.test(given) ? given : newRequestId()
}

// 128 random bits as 32 hex digits (the form of a W3C trace id), cut from a pool of 256 ids
// worth of random bytes, written as hex once per fill: an id is then a slice of that string
// (flat, one allocation), not a conversion per request (0.3-0.5 µs in Buffer#toString('hex')).
// A UUID from randomUUID() is built by concatenation: the header check and the socket write
// then flatten it, and the whole cost 0.3 µs more a request than a flat string (Node 20 and
// 24). Unlike a counter, it tells a client nothing about traffic.
const IDS_PER_FILL = 256
const pool = Buffer.allocUnsafe(16 * IDS_PER_FILL)
let digits = ''
let next = IDS_PER_FILL

export function newRequestId(): string {
  if (next === IDS_PER_FILL) {
    digits = randomFillSync(pool).toString('hex')
    next = 0
  }
  const start = 32 * next++
  return digits.slice(start, start + 32)
}
