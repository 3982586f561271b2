import { CONTENDERS, REFERENCE, contender } from '../contenders/index.js'
import { checkOperations, sendInvalid, type InvalidOutcome } from '../lib/correctness.js'
import { INVALID_REQUESTS, OPERATIONS } from '../lib/requests.js'
import { startContender } from '../lib/server-process.js'
import { fmtInt, fmtMs, fmtRatio, median } from '../lib/stats.js'
import { runWrk, type WrkResult } from '../lib/wrk.js'

export interface HttpOptions {
  contenders: string[]
  rounds: number
  seconds: number
  warmupSeconds: number
  connections: number
  serverCpu: string
  loadCpu: string
  log: (line: string) => void
}

interface Run {
  round: number
  contender: string
  op: string
  result: WrkResult
}

/**
 * Each round starts every contender afresh (its own process on serverCpu), warms it up on
 * each operation, then measures each operation with wrk on loadCpu. The contender order
 * rotates per round, so no one always runs first or last on a warming machine.
 */
export async function runHttpSuite(o: HttpOptions): Promise<string> {
  const runs: Run[] = []
  const invalid = new Map<string, InvalidOutcome[]>()
  for (let round = 1; round <= o.rounds; round++) {
    const order = rotate(o.contenders, round - 1)
    for (const name of order) {
      const server = await startContender(name, { cpu: o.serverCpu })
      try {
        await checkOperations(server.url)
        if (!invalid.has(name)) invalid.set(name, await sendInvalid(server.url))
        for (const op of OPERATIONS) {
          const wrk = { url: server.url + op.path, connections: o.connections, cpu: o.loadCpu, ...(op.script ? { script: op.script } : {}) }
          if (o.warmupSeconds > 0) await runWrk({ ...wrk, seconds: o.warmupSeconds })
          const result = await runWrk({ ...wrk, seconds: o.seconds })
          runs.push({ round, contender: name, op: op.name, result })
          o.log(`round ${round} ${name.padEnd(18)} ${op.name.padEnd(9)} ${fmtInt(result.rps).padStart(7)} req/s  p99 ${fmtMs(result.p99Ms)} ms${result.non2xx ? `  non-2xx ${result.non2xx}` : ''}`)
        }
      } finally {
        await server.stop()
      }
    }
  }
  return report(o, runs, invalid)
}

function rotate<T>(list: T[], by: number): T[] {
  const k = by % Math.max(list.length, 1)
  return [...list.slice(k), ...list.slice(0, k)]
}

function report(o: HttpOptions, runs: Run[], invalid: Map<string, InvalidOutcome[]>): string {
  const med = (c: string, op: string, key: 'rps' | 'p99Ms') => median(runs.filter((r) => r.contender === c && r.op === op).map((r) => r.result[key]))
  const hasRef = o.contenders.includes(REFERENCE)
  const lines: string[] = []
  lines.push(`Settings: ${o.rounds} round(s), ${o.seconds} s per operation after a ${o.warmupSeconds} s warm-up, wrk -t1 -c${o.connections} --latency; server pinned to core ${o.serverCpu} (taskset), wrk to core ${o.loadCpu}. Each contender is a fresh process per round; the order rotates per round.`, '')
  lines.push('### Medians (req/s, p99 latency) and ratios to Fastify with hand-written schemas', '')
  const head = OPERATIONS.map((op) => `${op.label} req/s | ×ref | p99 ms | ×ref`).join(' | ')
  lines.push(`| contender | ${head} | invalid requests answered 400 |`, `|---|${OPERATIONS.map(() => '--:|--:|--:|--:').join('|')}|--:|`)
  for (const c of o.contenders) {
    const cells = OPERATIONS.map((op) => {
      const rps = med(c, op.name, 'rps')
      const p99 = med(c, op.name, 'p99Ms')
      const ref = hasRef ? [med(REFERENCE, op.name, 'rps'), med(REFERENCE, op.name, 'p99Ms')] : [NaN, NaN]
      return `${fmtInt(rps)} | ${fmtRatio(rps / ref[0]!)} | ${fmtMs(p99)} | ${fmtRatio(p99 / ref[1]!)}`
    })
    const outcomes = invalid.get(c) ?? []
    lines.push(`| ${contender(c).label} | ${cells.join(' | ')} | ${outcomes.filter((x) => x.status === 400).length}/${outcomes.length} |`)
  }
  lines.push('', ...targets(o, med), '')
  lines.push('### Invalid requests: status per contender', '', `| request | ${o.contenders.join(' | ')} |`, `|---|${o.contenders.map(() => '--:').join('|')}|`)
  for (const [i, r] of INVALID_REQUESTS.entries()) {
    lines.push(`| ${r.method} ${r.kind} | ${o.contenders.map((c) => mark(invalid.get(c)?.[i]?.status)).join(' | ')} |`)
  }
  lines.push('', '### Per round', '', '| round | contender | operation | req/s | p50 ms | p99 ms | non-2xx | socket errors |', '|--:|---|---|--:|--:|--:|--:|--:|')
  for (const r of runs) lines.push(`| ${r.round} | ${r.contender} | ${r.op} | ${fmtInt(r.result.rps)} | ${fmtMs(r.result.p50Ms)} | ${fmtMs(r.result.p99Ms)} | ${r.result.non2xx} | ${r.result.socketErrors} |`)
  return lines.join('\n')
}

function mark(status: number | undefined): string {
  if (status === undefined) return '–'
  return status === 400 ? '400' : `**${status}**`
}

/** The issue's targets, as ratios within this one run. */
function targets(o: HttpOptions, med: (c: string, op: string, key: 'rps' | 'p99Ms') => number): string[] {
  if (!o.contenders.includes('macaron')) return []
  const checks: Array<[string, string, 'rps' | 'p99Ms', (x: number) => boolean, string]> = [
    ['fastify-schemas', 'req/s ≥ 0.9× Fastify with schemas', 'rps', (x) => x >= 0.9, ''],
    ['openapi-glue', 'req/s ≥ 1.0× fastify-openapi-glue', 'rps', (x) => x >= 1.0, ''],
    ['express-validator', 'req/s ≥ 3× express-openapi-validator', 'rps', (x) => x >= 3, ''],
    ['fastify-schemas', 'p99 ≤ 1.2× Fastify with schemas', 'p99Ms', (x) => x <= 1.2, ''],
  ]
  const out = ['### Targets (Macaron, ratios within this run)', '', `| target | ${OPERATIONS.map((op) => op.label).join(' | ')} |`, `|---|${OPERATIONS.map(() => '--:').join('|')}|`]
  for (const [peer, label, key, ok] of checks) {
    if (!o.contenders.includes(peer)) continue
    const cells = OPERATIONS.map((op) => {
      const ratio = med('macaron', op.name, key) / med(peer, op.name, key)
      return `${fmtRatio(ratio)} ${ok(ratio) ? 'met' : '**missed**'}`
    })
    out.push(`| ${label} | ${cells.join(' | ')} |`)
  }
  return out
}

export const DEFAULT_CONTENDERS = CONTENDERS.map((c) => c.name)
