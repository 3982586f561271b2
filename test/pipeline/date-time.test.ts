import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fullFormats } from 'ajv-formats/dist/formats.js'
import { withFastDateTime } from '../../src/pipeline/date-time.js'

const full = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate
const fast = withFastDateTime(full)

test('the date-time fast path accepts and refuses exactly what ajv-formats does', () => {
  const fixed = [
    '2026-01-02T03:04:05Z', '2026-01-02T03:04:05.123456z', '2024-02-29T23:59:59+14:00', '2023-02-29T00:00:00Z', '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z', '2026-04-31T00:00:00Z', '2026-01-02T24:00:00Z', '2026-01-02T23:60:00Z', '2026-01-02T23:59:60Z',
    '2016-12-31T23:59:60Z', '2026-01-02T03:04:05+24:00', '2026-01-02T03:04:05+23:60', '2026-01-02 03:04:05Z', '2026-01-02T03:04:05',
    '2026-01-02T03:04:05+0200', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2026-01-02t03:04:05.Z', '',
    '2026-01-02T03:04:05.1234567890Z', '2026-01-02T03:04:05.5+05:30', '2026-01-02T03:04:05Zz', '2026-01-02T03:04:05+05:3', '2026-01-02T03:04:05+05:300',
    '2026-1-02T03:04:05Z', '2026-01-02T03:04:5Z', '+2026-01-02T03:04:05Z', '2026-01-02T03:04:05.+05:30', '2026/01/02T03:04:05Z',
  ]
  for (const s of fixed) assert.equal(fast(s), full(s), s)
  // Random strings around the canonical shape: digits swapped for digits, separators varied.
  const pick = (options: string | readonly string[]): string => options[Math.floor(Math.random() * options.length)]!
  for (let i = 0; i < 50_000; i++) {
    // Mostly digits; now and then a character that is not one, where the fast path reads a digit.
    const d = () => (Math.random() < 0.02 ? pick('a/:-.Z+ ') : pick('0123456789'))
    const s = `${d()}${d()}${d()}${d()}-${d()}${d()}-${d()}${d()}${pick('Tt ')}${d()}${d()}:${d()}${d()}:${d()}${d()}${pick(['', '.5', '.'])}${pick(['Z', 'z', `+${d()}${d()}:${d()}${d()}`, `-${d()}${d()}:${d()}${d()}`, ''])}`
    assert.equal(fast(s), full(s), s)
  }
})
