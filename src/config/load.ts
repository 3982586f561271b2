import { existsSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { parseSource, SourceSyntaxError, type SourceDocument } from '../util/yaml-source.js'
import { configSchema, type MacaronConfig } from './schema.js'
import { configValidator } from './validator.js'
import { parseSize } from './sizes.js'
import { checkJwtSecrets, type JwtConfig } from './security.js'

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`)
    this.name = 'ConfigError'
  }
}

export interface LoadConfigOptions {
  /** Environment name; default MACARON_ENV, else 'dev'. */
  env?: string
  /** Values that win over the files and the environment (CLI flags, tests). */
  overrides?: Record<string, unknown>
  /** The environment to read PORT, MACARON_* and secrets from; default process.env. */
  environ?: NodeJS.ProcessEnv
}

type Json = Record<string, unknown>

const validate = configValidator()

/** macaron.yaml, then macaron.<env>.yaml, then PORT and MACARON_* variables, then overrides. */
export function loadConfig(dir: string, options: LoadConfigOptions = {}): MacaronConfig {
  const root = resolve(dir)
  const environ = options.environ ?? process.env
  const env = options.env ?? environ.MACARON_ENV ?? 'dev'
  const sources: SourceDocument[] = []
  let merged: Json = {}
  for (const name of ['macaron.yaml', `macaron.${env}.yaml`]) {
    const file = join(root, name)
    if (!existsSync(file)) continue
    const doc = parseSource(file, readFileSync(file, 'utf8'))
    if (doc.value === null || doc.value === undefined) continue
    if (!isObject(doc.value)) throw new ConfigError([`${file}:1:1: must be a mapping of settings`])
    sources.push(doc)
    merged = deepMerge(merged, doc.value)
  }
  const fromEnv = environmentOverrides(environ)
  merged = deepMerge(deepMerge(merged, fromEnv.values), options.overrides ?? {})
  const pkg = readPackage(root)
  merged.name ??= pkg.name?.replace(/^@[^/]+\//, '') ?? basename(root)
  merged.version ??= pkg.version ?? '0.0.0'

  if (!validate(merged)) {
    const problems = (validate.errors ?? []).map((e) => {
      const pointer = e.instancePath || '/'
      const where = whereIs(pointer, sources, fromEnv.names)
      const key = e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}' is not a setting` : ` ${e.message ?? 'is invalid'}`
      return `${where}: ${pointer === '/' ? 'the configuration' : pointer.slice(1).replace(/\//g, '.')}${key}`
    })
    throw new ConfigError([...new Set(problems)])
  }
  const secretProblems = checkJwtSecrets(merged.jwt as JwtConfig | undefined, merged.env_secrets as string[])
  if (secretProblems.length > 0) throw new ConfigError(secretProblems.map((p) => `${whereIs(p.pointer, sources, fromEnv.names)}: ${p.message}`))
  const secrets: Record<string, string> = {}
  const missing: string[] = []
  for (const name of merged.env_secrets as string[]) {
    const value = environ[name]
    if (value === undefined || value === '') missing.push(name)
    else secrets[name] = value
  }
  if (missing.length > 0) {
    throw new ConfigError(missing.map((n) => `environment variable ${n} is not set; it is listed in env_secrets, so the service cannot start without it`))
  }
  return {
    ...(merged as unknown as MacaronConfig),
    dir: root,
    env,
    secrets,
    body_limit: parseSize(merged.body_limit as string | number),
    cors: normaliseCors(merged.cors),
    files: sources.map((s) => s.file),
  }
}

function normaliseCors(value: unknown): MacaronConfig['cors'] {
  if (value === false || value === undefined) return false
  if (value === true) return { origins: '*', credentials: false }
  const cors = value as Json
  return { origins: '*', credentials: false, ...cors } as MacaronConfig['cors']
}

/** PORT, and MACARON_LOG__LEVEL=debug style variables for settings that exist in the schema. */
function environmentOverrides(environ: NodeJS.ProcessEnv): { values: Json; names: Map<string, string> } {
  const values: Json = {}
  const names = new Map<string, string>()
  const settings = Object.keys(configSchema.properties)
  const set = (path: string[], raw: string, variable: string) => {
    let target = values
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Json
    target[path[path.length - 1]!] = expectsString(path) ? raw : environmentValue(variable, raw)
    names.set('/' + path.join('/'), variable)
  }
  if (environ.PORT !== undefined && environ.PORT !== '') set(['port'], environ.PORT, 'PORT')
  for (const [variable, raw] of Object.entries(environ)) {
    if (!variable.startsWith('MACARON_') || raw === undefined) continue
    const path = variable.slice('MACARON_'.length).toLowerCase().split('__')
    if (settings.includes(path[0]!)) set(path, raw, variable)
  }
  return { values, names }
}

/** A variable's text read as YAML, as macaron.yaml is (MACARON_CORS='{origins: [a.com]}'). */
function environmentValue(variable: string, raw: string): unknown {
  try {
    return parseSource(`environment variable ${variable}`, raw).value
  } catch (error) {
    if (!(error instanceof SourceSyntaxError)) throw error
    throw new ConfigError([`environment variable ${variable}: not a YAML value (${error.problem})`])
  }
}

/** Settings typed string keep the variable's text: MACARON_BUILD_VERSION=1.10 is not 1.1. */
function expectsString(path: string[]): boolean {
  let schema: unknown = configSchema
  for (const key of path) schema = (schema as { properties?: Record<string, unknown> }).properties?.[key]
  return (schema as { type?: unknown } | undefined)?.type === 'string'
}

function whereIs(pointer: string, sources: SourceDocument[], envNames: Map<string, string>): string {
  for (const [path, variable] of envNames) {
    if (pointer === path || pointer.startsWith(path + '/')) return `environment variable ${variable}`
  }
  for (const source of [...sources].reverse()) {
    const pos = source.locate(pointer)
    if (pos && (pointer === '/' || hasPointer(source.value, pointer))) return `${source.file}:${pos.line}:${pos.column}`
  }
  return sources.at(-1)?.file ?? 'configuration defaults'
}

function hasPointer(value: unknown, pointer: string): boolean {
  let node = value
  for (const key of pointer.slice(1).split('/')) {
    if (!isObject(node) && !Array.isArray(node)) return false
    if (!(key in node)) return false
    node = (node as Json)[key]
  }
  return true
}

function readPackage(root: string): { name?: string; version?: string } {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string }
  } catch {
    return {}
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base }
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__') continue
    const prev = out[key]
    out[key] = isObject(prev) && isObject(value) ? deepMerge(prev, value) : value
  }
  return out
}
