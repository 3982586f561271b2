import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { OPERATIONS } from '../lib/requests.js'
import { freePort, stopChild } from '../lib/server-process.js'
import { fmtInt, fmtMs, median } from '../lib/stats.js'
import { runWrk, type WrkResult } from '../lib/wrk.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const APP = fileURLToPath(new URL('../app/', import.meta.url))

export interface WorkersOptions {
  rounds: number
  seconds: number
  warmupSeconds: number
  connections: number
  log: (line: string) => void
}

/**
 * `macaron start bench/app --workers N` for N = 1 and 2. With at least N+1 cores, the
 * workers get cores 0..N-1 and wrk core N; with fewer (this machine kind has 2), nothing is
 * pinned for N=2 and wrk shares the cores: the figure then bounds what two workers can do.
 */
export async function runWorkersSuite(o: WorkersOptions): Promise<string> {
  const cores = cpus().length
  const counts = [1, 2]
  const results = new Map<string, WrkResult[]>()
  const pinning = (n: number) => (cores >= n + 1 ? { server: n === 1 ? '0' : `0-${n - 1}`, load: String(n) } : undefined)
  for (let round = 1; round <= o.rounds; round++) {
    for (const n of round % 2 === 1 ? counts : [...counts].reverse()) {
      const pins = pinning(n)
      const port = await freePort()
      const argv = [process.execPath, fileURLToPath(new URL('../../bin/macaron.js', import.meta.url)), 'start', APP, '--port', String(port), '--host', '127.0.0.1', '--workers', String(n)]
      const [cmd, ...args] = pins ? ['taskset', '-c', pins.server, ...argv] : argv
      const child = spawn(cmd!, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
      try {
        const url = `http://127.0.0.1:${port}`
        await waitForPing(url)
        await sleep(1500) // the other workers finish starting; warm-up below reaches them all
        for (const op of OPERATIONS) {
          const wrk = { url: url + op.path, connections: o.connections, cpu: pins?.load, ...(op.script ? { script: op.script } : {}) }
          await runWrk({ ...wrk, seconds: Math.max(1, o.warmupSeconds) })
          const r = await runWrk({ ...wrk, seconds: o.seconds })
          const key = `${n}:${op.name}`
          results.set(key, [...(results.get(key) ?? []), r])
          o.log(`workers round ${round} n=${n} ${op.name.padEnd(9)} ${fmtInt(r.rps).padStart(7)} req/s  p99 ${fmtMs(r.p99Ms)} ms`)
        }
      } finally {
        await stopChild(child)
      }
    }
  }
  const lines = [
    `${cores} core(s). ${counts.map((n) => `${n} worker(s): ${pinning(n) ? `workers on cores ${pinning(n)!.server}, wrk on core ${pinning(n)!.load}` : 'unpinned, wrk shares the cores (too few cores for a separate load core)'}`).join('; ')}. ${o.rounds} round(s) of ${o.seconds} s per operation, medians.`,
    '',
    `| workers | ${OPERATIONS.map((op) => `${op.label} req/s | p99 ms`).join(' | ')} |`,
    `|--:|${OPERATIONS.map(() => '--:|--:').join('|')}|`,
  ]
  for (const n of counts) {
    const cells = OPERATIONS.map((op) => {
      const rs = results.get(`${n}:${op.name}`) ?? []
      return `${fmtInt(median(rs.map((r) => r.rps)))} | ${fmtMs(median(rs.map((r) => r.p99Ms)))}`
    })
    lines.push(`| ${n} | ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!(await fetch(`${url}/ping`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`macaron start --workers did not answer on ${url}`)
    await sleep(50)
  }
}
