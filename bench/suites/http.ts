import { CONTENDERS, REFERENCE, contender } from '../contenders/index.js'
import { checkOperations, sendInvalid, type InvalidOutcome } from '../lib/correctness.js'
import { INVALID_REQUESTS, OPERATIONS } from '../lib/requests.js'
import { startContender, type RunningServer } from '../lib/server-process.js'
import { fmtInt, fmtMs, fmtRatio, median, seededRandom } from '../lib/stats.js'
import { runWrk, type WrkResult } from '../lib/wrk.js'

export interface HttpOptions {
  contenders: string[]
  rounds: number
  /** Seconds of one measuring window. */
  seconds: number
  /** Windows per contender, operation and round. */
  windows: number
  warmupSeconds: number
  connections: number
  serverCpu: string
  loadCpu: string
  log: (line: string) => void
}

interface Run {
  round: number
  window: number
  contender: string
  op: string
  result: WrkResult
}

/**
 * Each round starts every contender afresh, all at once (each its own process on
 * serverCpu; those not under load sit idle), checks them, then per operation warms each up
 * and measures in windows: every contender in turn for one short window, in an order
 * shuffled afresh for each window, as many times as `windows`. Rotating one order, as the
 * suite first did, kept each contender behind the same one in every window: Macaron always
 * ran right after openapi-backend and two after express-validator, the two whose load
 * leaves the most behind on the shared core (their collections and closing connections
 * ran into its windows). The shuffle is seeded by round, operation and window, so that a
 * run's order can be told again. A contender's ratio to another is the median of
 * their ratios within the same window (seconds apart), not of their medians: neighbours on a
 * shared host move throughput by ±30% over tens of seconds, and a contender measured alone
 * for a minute while the host is busy would carry that into its ratio (bench/RESULTS.md
 * notes, seventh pass).
 */
export async function runHttpSuite(o: HttpOptions): Promise<string> {
  const runs: Run[] = []
  const invalid = new Map<string, InvalidOutcome[]>()
  for (let round = 1; round <= o.rounds; round++) {
    const servers = new Map<string, RunningServer>()
    try {
      for (const name of rotate(o.contenders, round - 1)) {
        const server = await startContender(name, { cpu: o.serverCpu })
        servers.set(name, server)
        await checkOperations(server.url)
        if (!invalid.has(name)) invalid.set(name, await sendInvalid(server.url))
      }
      for (const [opIndex, op] of OPERATIONS.entries()) {
        const wrk = (name: string, seconds: number) => runWrk({ url: servers.get(name)!.url + op.path, connections: o.connections, cpu: o.loadCpu, seconds, ...(op.script ? { script: op.script } : {}) })
        if (o.warmupSeconds > 0) for (const name of o.contenders) await wrk(name, o.warmupSeconds)
        for (let window = 1; window <= o.windows; window++) {
          for (const name of shuffled(o.contenders, round * 1000 + opIndex * 100 + window)) {
            const result = await wrk(name, o.seconds)
            runs.push({ round, window, contender: name, op: op.name, result })
            o.log(`round ${round} window ${window} ${name.padEnd(18)} ${op.name.padEnd(9)} ${fmtInt(result.rps).padStart(7)} req/s  p99 ${fmtMs(result.p99Ms)} ms${result.non2xx ? `  non-2xx ${result.non2xx}` : ''}`)
          }
        }
      }
    } finally {
      await Promise.all([...servers.values()].map((server) => server.stop()))
    }
  }
  return report(o, runs, invalid)
}

function rotate<T>(list: T[], by: number): T[] {
  const k = by % Math.max(list.length, 1)
  return [...list.slice(k), ...list.slice(0, k)]
}

/** The list in an order drawn from `seed` (Fisher-Yates): the same seed, the same order. */
function shuffled<T>(list: T[], seed: number): T[] {
  const random = seededRandom(seed)
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

type Key = 'rps' | 'p99Ms'
/** Median of one contender's windows (absolute figures), and of its ratios to a peer's window alongside. */
interface Figures {
  median(c: string, op: string, key: Key): number
  ratio(c: string, peer: string, op: string, key: Key): number
}

function figures(runs: Run[]): Figures {
  const of = (c: string, op: string) => runs.filter((r) => r.contender === c && r.op === op)
  return {
    median: (c, op, key) => median(of(c, op).map((r) => r.result[key])),
    ratio: (c, peer, op, key) => {
      const peers = new Map(of(peer, op).map((r) => [`${r.round}/${r.window}`, r.result[key]]))
      return median(of(c, op).flatMap((r) => {
        const p = peers.get(`${r.round}/${r.window}`)
        return p === undefined ? [] : [r.result[key] / p]
      }))
    },
  }
}

function report(o: HttpOptions, runs: Run[], invalid: Map<string, InvalidOutcome[]>): string {
  const f = figures(runs)
  const hasRef = o.contenders.includes(REFERENCE)
  const lines: string[] = []
  lines.push(`Settings: ${o.rounds} round(s); per round and operation a ${o.warmupSeconds} s warm-up each, then ${o.windows} window(s) of ${o.seconds} s per contender, taking turns in an order shuffled for each window; wrk -t1 -c${o.connections} --latency; servers pinned to core ${o.serverCpu} (taskset), wrk to core ${o.loadCpu}. All contenders are fresh processes per round, started together; ratios are medians of the ratios within a window.`, '')
  lines.push('### Medians (req/s, p99 latency) and ratios to Fastify with hand-written schemas', '')
  const head = OPERATIONS.map((op) => `${op.label} req/s | ×ref | p99 ms | ×ref`).join(' | ')
  lines.push(`| contender | ${head} | invalid requests answered 400 |`, `|---|${OPERATIONS.map(() => '--:|--:|--:|--:').join('|')}|--:|`)
  for (const c of o.contenders) {
    const cells = OPERATIONS.map((op) => {
      const ratio = (key: Key) => (hasRef ? f.ratio(c, REFERENCE, op.name, key) : NaN)
      return `${fmtInt(f.median(c, op.name, 'rps'))} | ${fmtRatio(ratio('rps'))} | ${fmtMs(f.median(c, op.name, 'p99Ms'))} | ${fmtRatio(ratio('p99Ms'))}`
    })
    const outcomes = invalid.get(c) ?? []
    lines.push(`| ${contender(c).label} | ${cells.join(' | ')} | ${outcomes.filter((x) => x.status === 400).length}/${outcomes.length} |`)
  }
  lines.push('', ...targets(o, f), '')
  lines.push('### Invalid requests: status per contender', '', `| request | ${o.contenders.join(' | ')} |`, `|---|${o.contenders.map(() => '--:').join('|')}|`)
  for (const [i, r] of INVALID_REQUESTS.entries()) {
    lines.push(`| ${r.method} ${r.kind} | ${o.contenders.map((c) => mark(invalid.get(c)?.[i]?.status)).join(' | ')} |`)
  }
  lines.push('', '### Per window', '', '| round | window | contender | operation | req/s | p50 ms | p99 ms | non-2xx | socket errors |', '|--:|--:|---|---|--:|--:|--:|--:|--:|')
  for (const r of runs) lines.push(`| ${r.round} | ${r.window} | ${r.contender} | ${r.op} | ${fmtInt(r.result.rps)} | ${fmtMs(r.result.p50Ms)} | ${fmtMs(r.result.p99Ms)} | ${r.result.non2xx} | ${r.result.socketErrors} |`)
  return lines.join('\n')
}

function mark(status: number | undefined): string {
  if (status === undefined) return '–'
  return status === 400 ? '400' : `**${status}**`
}

/** The issue's targets, as ratios within this one run. */
function targets(o: HttpOptions, f: Figures): string[] {
  if (!o.contenders.includes('macaron')) return []
  const checks: Array<[string, string, Key, (x: number) => boolean, string]> = [
    ['fastify-schemas', 'req/s ≥ 0.9× Fastify with schemas', 'rps', (x) => x >= 0.9, ''],
    ['openapi-glue', 'req/s ≥ 1.0× fastify-openapi-glue', 'rps', (x) => x >= 1.0, ''],
    ['express-validator', 'req/s ≥ 3× express-openapi-validator', 'rps', (x) => x >= 3, ''],
    ['fastify-schemas', 'p99 ≤ 1.2× Fastify with schemas', 'p99Ms', (x) => x <= 1.2, ''],
  ]
  const out = ['### Targets (Macaron, ratios within this run)', '', `| target | ${OPERATIONS.map((op) => op.label).join(' | ')} |`, `|---|${OPERATIONS.map(() => '--:').join('|')}|`]
  for (const [peer, label, key, ok] of checks) {
    if (!o.contenders.includes(peer)) continue
    const cells = OPERATIONS.map((op) => {
      const ratio = f.ratio('macaron', peer, op.name, key)
      return `${fmtRatio(ratio)} ${ok(ratio) ? 'met' : '**missed**'}`
    })
    out.push(`| ${label} | ${cells.join(' | ')} |`)
  }
  return out
}

export const DEFAULT_CONTENDERS = CONTENDERS.map((c) => c.name)
