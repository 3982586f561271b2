import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { importModule } from '../util/import-module.js'
import type { Handler } from './handler-types.js'
import type { Operation } from './operations.js'

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '/index.ts', '/index.js']

export class BindingError extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot bind handlers:\n  ${problems.join('\n  ')}`)
    this.name = 'BindingError'
  }
}

export interface Bindings {
  handlers: Map<Operation, Handler>
  unbound: Operation[]
  /** Bindings that name something missing; createApp refuses to start with any. */
  problems: string[]
}

/**
 * Finds each operation's handler: `x-bind-server: src/handlers/profiles#getProfile`, or
 * PyMacaron's dotted `handlers.profiles.getProfile`, or else an export named like the
 * operationId in the handlers folder. Bindings that name something missing are collected,
 * so that start-up (or lint) can list every such operation at once.
 */
export async function bindHandlers(
  operations: Operation[],
  options: { dir: string; handlersDir: string; handlers?: Record<string, Handler> },
): Promise<Bindings> {
  const problems: string[] = []
  const handlers = new Map<Operation, Handler>()
  const unbound: Operation[] = []
  const folder = await loadFolder(resolve(options.dir, options.handlersDir), problems)
  for (const op of operations) {
    const given = options.handlers?.[op.operationId]
    if (given) {
      handlers.set(op, given)
      continue
    }
    const binding = op.member('x-bind-server')
    if (binding !== undefined) {
      const found = await bindFunction(String(binding), options.dir)
      if (typeof found === 'function') handlers.set(op, found as Handler)
      else problems.push(`${op.operationId} (${op.method} ${op.path} in ${op.api.file}): x-bind-server '${String(binding)}' ${found}`)
      continue
    }
    const candidates = folder.get(op.operationId) ?? []
    if (candidates.length > 1) {
      problems.push(`${op.operationId}: exported by ${candidates.map((c) => c.file).join(' and ')}; bind it with x-bind-server`)
    } else if (candidates[0]) handlers.set(op, candidates[0].fn)
    else unbound.push(op)
  }
  return { handlers, unbound, problems }
}

/**
 * Resolves one binding ('path/to/file#export' or dotted 'module.path.function') to the
 * function it names, or to a sentence saying why it cannot. Used for handlers and for
 * every other user function named in the spec or the config (hooks, reporters ...).
 */
export async function bindFunction(binding: string, dir: string): Promise<Handler | string> {
  let modulePath: string
  let name: string
  if (binding.includes('#')) {
    ;[modulePath, name] = binding.split('#', 2) as [string, string]
  } else {
    const parts = binding.split('.')
    if (parts.length < 2) return 'must be path#export or a dotted module.path.function'
    name = parts.pop()!
    modulePath = parts.join('/')
  }
  const bases = binding.includes('#') ? [dir] : [dir, join(dir, 'src')]
  const file = bases.map((b) => findFile(resolve(b, modulePath))).find((f) => f !== undefined)
  if (!file) return `points at ${modulePath}, which is not a file (tried ${EXTENSIONS.join(', ')})`
  const mod = await importModule(file)
  const fn = mod[name]
  if (typeof fn !== 'function') return `points at ${relative(dir, file)}, which exports no function ${name}`
  return fn as Handler
}

function findFile(base: string): string | undefined {
  if (existsSync(base) && statSync(base).isFile()) return base
  const stem = base.replace(/\.(js|mjs|ts|mts)$/, '')
  return EXTENSIONS.map((ext) => stem + ext).find((f) => existsSync(f) && statSync(f).isFile())
}

type Exported = Map<string, Array<{ file: string; fn: Handler }>>

async function loadFolder(folder: string, problems: string[]): Promise<Exported> {
  const exported: Exported = new Map()
  if (!existsSync(folder)) return exported
  for (const file of listSources(folder)) {
    let mod: Record<string, unknown>
    try {
      mod = await importModule(file)
    } catch (error) {
      problems.push(`${file} cannot be loaded: ${(error as Error).message}`)
      continue
    }
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function') continue
      const list = exported.get(name) ?? []
      list.push({ file, fn: value as Handler })
      exported.set(name, list)
    }
  }
  return exported
}

function listSources(folder: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) out.push(...listSources(path))
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !/\.(test|spec|d)\.[cm]?[jt]s$/.test(name)) out.push(path)
  }
  return out
}
