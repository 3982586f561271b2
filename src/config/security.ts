// The `jwt` and `security` sections of macaron.yaml: their schema, their types, and the check
// that no secret is written in the file itself.

const stringOrList = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }] }
const algorithms = { type: 'array', items: { type: 'string', pattern: '^(HS|RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$' }, minItems: 1, uniqueItems: true }
const binding = { type: 'string', minLength: 1 }

const keySchema = {
  type: 'object',
  additionalProperties: false,
  // Exactly one source per key.
  oneOf: [{ required: ['secret'] }, { required: ['public_key'] }, { required: ['jwks_file'] }, { required: ['jwks_url'] }],
  properties: {
    kid: { type: 'string', minLength: 1 },
    secret: { type: 'string', minLength: 1 },
    public_key: { type: 'string', minLength: 1 },
    private_key: { type: 'string', minLength: 1 },
    jwks_file: { type: 'string', minLength: 1 },
    jwks_url: { type: 'string', pattern: '^https?://' },
    algorithms,
    cache_max_age_s: { type: 'number', minimum: 0, default: 600 },
    cooldown_s: { type: 'number', minimum: 0, default: 30 },
    timeout_ms: { type: 'integer', minimum: 1, default: 5000 },
  },
} as const

export const jwtSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['keys'],
  properties: {
    keys: { type: 'array', items: keySchema, minItems: 1 },
    issuer: stringOrList,
    audience: stringOrList,
    leeway_s: { type: 'number', minimum: 0, maximum: 300, default: 30 },
    expires_in_s: { type: 'integer', minimum: 1, default: 86400 },
    cookie: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
    max_token_length: { type: 'integer', minimum: 256, maximum: 65536, default: 8192 },
  },
} as const

export const securitySchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    verify: { type: 'object', additionalProperties: binding, default: {} },
  },
} as const

export interface JwtKeyConfig {
  kid?: string
  /** The name of an env_secrets variable holding the HMAC secret. */
  secret?: string
  /** PEM file: an SPKI public key or an X.509 certificate. */
  public_key?: string
  /** PEM file (PKCS#8), for generateToken. */
  private_key?: string
  jwks_file?: string
  jwks_url?: string
  algorithms?: string[]
  cache_max_age_s: number
  cooldown_s: number
  timeout_ms: number
}

export interface JwtConfig {
  keys: JwtKeyConfig[]
  issuer?: string | string[]
  audience?: string | string[]
  leeway_s: number
  expires_in_s: number
  cookie?: string
  max_token_length: number
}

export interface SecurityConfig {
  /** Security scheme name → binding (`path#export` or dotted) of its verify function. */
  verify: Record<string, string>
}

/**
 * A key's `secret` names an environment variable listed in env_secrets; it never holds the
 * secret. The messages never repeat the value, which may be a real secret.
 */
export function checkJwtSecrets(jwt: JwtConfig | undefined, envSecrets: string[]): Array<{ pointer: string; message: string }> {
  const problems: Array<{ pointer: string; message: string }> = []
  for (const [index, key] of (jwt?.keys ?? []).entries()) {
    if (key.secret === undefined) continue
    const pointer = `/jwt/keys/${index}/secret`
    const where = `jwt.keys[${index}].secret`
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key.secret)) {
      problems.push({ pointer, message: `${where} looks like a secret value. Secrets never go in macaron.yaml: put it in an environment variable, list the variable in env_secrets, and write its name here` })
    } else if (!envSecrets.includes(key.secret)) {
      problems.push({ pointer, message: `${where} names ${key.secret}, which is not listed in env_secrets; list it there so the service refuses to start without it` })
    }
  }
  return problems
}
