import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { test } from 'node:test'
import { newRequestId, requestIdOf } from '../../src/observability/request-id.js'

const withHeader = (value: string | undefined) => ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as unknown as IncomingMessage

test('generated request ids: 32 hex digits, all distinct across pool refills', () => {
  const ids = Array.from({ length: 3000 }, () => newRequestId())
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/)
  assert.equal(new Set(ids).size, ids.length)
})

test("a caller's plain X-Request-Id is kept; anything else is replaced", () => {
  assert.equal(requestIdOf(withHeader('trace-9:a/b=c')), 'trace-9:a/b=c')
  for (const bad of ['two words', 'line\nbreak', 'x'.repeat(201), '']) assert.match(requestIdOf(withHeader(bad)), /^[0-9a-f]{32}$/)
  assert.match(requestIdOf(withHeader(undefined)), /^[0-9a-f]{32}$/)
})
