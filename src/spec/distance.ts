/** Levenshtein distance, stopping early once it exceeds `limit` (names are short, lists small). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      current.push(value)
      best = Math.min(best, value)
    }
    if (best > limit) return limit + 1
    previous = current
  }
  return previous[b.length] ?? 0
}

/** The closest of `names` within `limit` edits (case-insensitive), if any. */
export function closest(name: string, names: readonly string[], limit = 2): string | undefined {
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of names) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return best
}
