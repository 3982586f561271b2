import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { currentContext, getRequestId, getToken, getUser, getUserId, runWithContext, type User } from '../../src/index.js'
import { compileRequirements } from '../../src/pipeline/security/compile.js'
import { challenger, Rank, TokenInvalid, type Refusal } from '../../src/pipeline/security/errors.js'
import type { CompiledScheme } from '../../src/pipeline/security/schemes.js'

const silent = { fatal() {}, error() {}, warn() {}, info() {}, debug() {}, trace() {} }
const user: User = { id: 'u1', claims: { sub: 'u1' }, scopes: ['a'], scheme: 'bearer', token: 't0k' }

describe('request context', () => {
  test('the getters are undefined outside a request', () => {
    assert.deepEqual([getUserId(), getUser(), getToken(), getRequestId(), currentContext()], [undefined, undefined, undefined, undefined, undefined])
  })

  test('the context follows awaits, timers and work started from it', async () => {
    await runWithContext({ requestId: 'r1', log: silent, user, token: 't0k' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      assert.deepEqual([getUserId(), getToken(), getRequestId()], ['u1', 't0k', 'r1'])
      // A background task captures the context and carries it into later work.
      const captured = currentContext()!
      await new Promise<void>((resolve) => setImmediate(() => runWithContext(captured, () => (assert.equal(getUserId(), 'u1'), resolve()))))
    })
    assert.equal(getUserId(), undefined)
  })
})

/** A scheme that answers from a table and counts how often it is asked. */
function fake(name: string, answer: User | Refusal): CompiledScheme & { calls: number } {
  const scheme = { calls: 0, challenge: challenger(name, { realm: 'r' }), identify: async () => (scheme.calls++, answer) }
  return scheme
}
const refusal = (rank: Refusal['rank'], scheme: CompiledScheme): Refusal => ({ rank, error: TokenInvalid, description: `rank ${rank}`, challenge: scheme.challenge })

describe('compileRequirements', () => {
  test('no requirement, [] or only {} compile to nothing: the route skips the stage', () => {
    const never = () => assert.fail('no scheme needed')
    assert.equal(compileRequirements(undefined, never), undefined)
    assert.equal(compileRequirements([], never), undefined)
    assert.equal(compileRequirements([{}], never), undefined)
  })

  test('a scheme named in several alternatives is asked once per request', async () => {
    const a = fake('A', user)
    const b = fake('B', { rank: Rank.Missing, error: TokenInvalid, description: 'none', challenge: challenger('B', {}) })
    const authenticate = compileRequirements([{ B: [], A: ['zzz'] }, { B: [] }, { A: [] }], (n) => (n === 'A' ? a : b))!
    assert.equal((await authenticate({ headers: {}, url: '/' }))?.id, 'u1')
    assert.deepEqual([a.calls, b.calls], [1, 1])
  })

  test('the highest-ranked refusal is the one reported', async () => {
    const missing = fake('M', user)
    const schemes: Record<string, CompiledScheme> = { M: missing }
    schemes.M = fake('M', refusal(Rank.Missing, missing))
    schemes.I = fake('I', refusal(Rank.Invalid, missing))
    const authenticate = compileRequirements([{ M: [] }, { I: [] }], (n) => schemes[n]!)!
    await assert.rejects(authenticate({ headers: {}, url: '/' }), (e: Error) => e.message === 'rank 1')
  })

  test('scopes missing from a valid credential are FORBIDDEN, which outranks a missing alternative', async () => {
    const a = fake('A', user)
    const m = fake('M', user)
    const schemes: Record<string, CompiledScheme> = { A: a, M: fake('M', refusal(Rank.Missing, m)) }
    const authenticate = compileRequirements([{ A: ['a', 'b'] }, { M: [] }], (n) => schemes[n]!)!
    await assert.rejects(authenticate({ headers: {}, url: '/' }), (e: Error & { code?: string; headers?: Record<string, string> }) => {
      assert.equal(e.code, 'FORBIDDEN')
      assert.equal(e.headers?.['www-authenticate'], 'A realm="r", error="insufficient_scope", error_description="This operation requires the scope b", scope="a b", M realm="r"')
      return true
    })
  })
})
