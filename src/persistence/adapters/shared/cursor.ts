// Page cursors of the memory and SQLite backends: the encoded sort position of the last
// item returned (see key-codec.ts), as base64url JSON, opaque to callers.

export function encodeCursor(position: string[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')
}

/** Refuses a cursor that does not come from the same kind of query (another table, an index). */
export function decodeCursor(cursor: string, length: number): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== length || parsed.some((p) => typeof p !== 'string')) {
    throw new TypeError('the cursor does not come from a page of this query')
  }
  return parsed as string[]
}

/** Compares two positions element by element, as plain strings (byte order, see key-codec.ts). */
export function comparePositions(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string
    const y = b[i] as string
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}
