import { decode, parseCookies, parseQuery } from '../parameters/decode.js'

// Reading credentials from a request, strictly. Each reader says whether the credential is
// absent (the client sent nothing for this scheme), malformed (sent, unusable), or found.

export type Found<T = string> = { kind: 'absent' } | { kind: 'malformed'; description: string } | { kind: 'found'; value: T }

const ABSENT = { kind: 'absent' } as const
const malformed = (description: string) => ({ kind: 'malformed', description }) as const

/**
 * `Authorization: <scheme> <credentials>`. The scheme is case-insensitive and may be followed
 * by several spaces (RFC 9110 §11.1, §11.4); a header of one word is malformed whatever it says.
 */
function authorization(header: string | undefined, scheme: string, label: string): Found {
  if (header === undefined || header === '') return ABSENT
  const space = header.indexOf(' ')
  if (space === -1) return malformed(`The Authorization header must be '${label}'`)
  if (header.slice(0, space).toLowerCase() !== scheme) return ABSENT
  const credentials = header.slice(space + 1).trim()
  if (credentials === '') return malformed(`The Authorization header has nothing after ${header.slice(0, space)}`)
  if (/\s/.test(credentials)) return malformed(`The Authorization header must be '${label}', with no space inside the credentials`)
  return { kind: 'found', value: credentials }
}

/** The bearer token from the Authorization header, else from the configured cookie. */
export function bearerToken(headers: Headers, cookie: string | undefined): Found {
  const found = authorization(single(headers.authorization), 'bearer', 'Bearer <token>')
  if (found.kind !== 'absent' || cookie === undefined) return found
  return cookieValue(headers, cookie)
}

export function basicCredentials(headers: Headers): Found<{ username: string; password: string }> {
  const found = authorization(single(headers.authorization), 'basic', 'Basic <base64 of username:password>')
  if (found.kind !== 'found') return found
  const bad = malformed('The Basic credentials must be the base64 of username:password')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(found.value) || found.value.length % 4 !== 0) return bad
  const text = Buffer.from(found.value, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon === -1 || text.includes('\uFFFD')) return bad
  return { kind: 'found', value: { username: text.slice(0, colon), password: text.slice(colon + 1) } }
}

export function headerValue(headers: Headers, name: string): Found {
  const value = headers[name.toLowerCase()]
  if (value === undefined || value === '') return ABSENT
  if (Array.isArray(value)) return malformed(`The ${name} header is sent more than once`)
  return { kind: 'found', value }
}

export function queryValue(url: string, name: string): Found {
  const q = url.indexOf('?')
  if (q === -1) return ABSENT
  let raw: string | string[] | undefined
  try {
    raw = parseQuery(url.slice(q + 1)).get(name)
  } catch {
    return ABSENT
  }
  if (raw === undefined || raw === '') return ABSENT
  if (Array.isArray(raw)) return malformed(`The query parameter ${name} is sent more than once`)
  const value = decode(raw, true)
  return value === undefined ? malformed(`The query parameter ${name} has malformed percent-encoding`) : { kind: 'found', value }
}

export function cookieValue(headers: Headers, name: string): Found {
  const header = headers.cookie
  if (header === undefined) return ABSENT
  const raw = parseCookies(header).get(name)
  if (raw === undefined || raw === '') return ABSENT
  // Browsers may hold a cookie of one name for several paths; which one we would read is unclear.
  if (Array.isArray(raw)) return malformed(`The ${name} cookie is sent more than once`)
  const value = decode(raw, false)
  return value === undefined ? malformed(`The ${name} cookie has malformed percent-encoding`) : { kind: 'found', value }
}

type Headers = Record<string, string | string[] | undefined>

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
