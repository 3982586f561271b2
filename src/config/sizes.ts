const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

/** '1mb', '512kb', '100' or 100 → bytes. The schema has already checked the syntax. */
export function parseSize(value: string | number): number {
  if (typeof value === 'number') return value
  const match = /^([0-9]+(?:\.[0-9]+)?) *([kmg]?b?)$/i.exec(value.trim())
  if (!match) throw new Error(`not a size: ${value}`)
  const unit = match[2]!.toLowerCase()
  const factor = UNITS[unit.endsWith('b') || unit === '' ? unit : unit + 'b'] ?? 1
  return Math.floor(Number(match[1]) * factor)
}
