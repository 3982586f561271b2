import { isAscii } from 'node:buffer'

/** Bytes checked for non-ASCII at once: isAscii is vectorised, a byte loop is not. */
const CHUNK = 1 << 16
const BACKSLASH = 0x5c

/**
 * The value of a UTF-8 JSON text given as bytes, or undefined where JSON.parse might not give
 * the same value this way (the caller then decodes the bytes and parses the text).
 *
 * A large document with a few non-ASCII characters (Microsoft Graph's 46 MB has 473 bytes of
 * them) decodes to a two-byte string: twice the memory, and slower to write and to parse
 * than a one-byte one. Here each non-ASCII run is written as \u escapes into a copy of the
 * bytes, which then decode one byte a character (Latin-1 is ASCII below 0x80): JSON.parse
 * gives the same strings. A run decodes apart from the rest because UTF-8 sequences never
 * contain ASCII bytes (a malformed one becomes U+FFFD either way). Outside a string, a raw
 * non-ASCII character and an escape are both syntax errors. After a backslash they are not
 * alike (`\é` is an error, `\\u00e9` is not): that case is left to the caller.
 */
export function jsonFromBytes(bytes: Buffer): unknown {
  const parts: Buffer[] = []
  let copied = 0
  for (let chunk = 0; chunk < bytes.length; chunk += CHUNK) {
    const end = Math.min(bytes.length, chunk + CHUNK)
    if (isAscii(bytes.subarray(chunk, end))) continue
    for (let i = Math.max(chunk, copied); i < end; i++) {
      if (bytes[i]! < 0x80) continue
      if (i > 0 && bytes[i - 1] === BACKSLASH) return undefined
      let run = i + 1
      while (run < bytes.length && bytes[run]! >= 0x80) run++
      parts.push(bytes.subarray(copied, i), Buffer.from(escaped(bytes.toString('utf8', i, run)), 'latin1'))
      copied = i = run
    }
  }
  const ascii = copied === 0 ? bytes : Buffer.concat([...parts, bytes.subarray(copied)])
  return JSON.parse(ascii.toString('latin1'))
}

function escaped(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += '\\u' + text.charCodeAt(i).toString(16).padStart(4, '0')
  return out
}
