// A fast path in front of ajv-formats' full `date-time` check, which splits the string and
// runs two capturing regexes: 0.3 µs a value, 12 µs of every 20-item response that carries
// two timestamps per item. The common RFC 3339 shape (2026-01-02T03:04:05.000Z, or with a
// ±hh:mm offset) is checked here with one regex and digit arithmetic; everything this path
// does not accept goes to the full check, so the set of accepted strings is unchanged (the
// fast path accepts only strings the full check accepts: same ranges, no leap seconds).

type Check = (value: string) => boolean

const SHAPE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const two = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48

function daysIn(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month]!
}

export function withFastDateTime(full: Check): Check {
  return (s) => {
    if (SHAPE.test(s)) {
      const year = two(s, 0) * 100 + two(s, 2)
      const month = two(s, 5)
      const day = two(s, 8)
      const end = s.length
      const utc = s.charCodeAt(end - 1) === 90 || s.charCodeAt(end - 1) === 122 // Z z
      const zone = utc || (two(s, end - 5) <= 23 && two(s, end - 2) <= 59)
      if (month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && two(s, 11) <= 23 && two(s, 14) <= 59 && two(s, 17) <= 59 && zone) return true
    }
    return full(s)
  }
}
