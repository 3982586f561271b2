import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface WrkResult {
  rps: number
  p50Ms: number
  p99Ms: number
  requests: number
  /** Responses that were not 2xx/3xx, and socket errors: a run with any is suspect. */
  non2xx: number
  socketErrors: number
}

export interface WrkOptions {
  url: string
  seconds: number
  connections: number
  /** A Lua script (POST bodies); none for GETs. */
  script?: string
  /** Core list for taskset; undefined runs wrk unpinned. */
  cpu: string | undefined
}

export const POST_SCRIPT = fileURLToPath(new URL('../post.lua', import.meta.url))

/** Runs wrk with one thread and --latency, and reads its report. */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${Math.max(1, Math.round(options.seconds))}s`, '--latency', ...(options.script ? ['-s', options.script] : []), options.url]
  const [cmd, argv] = options.cpu === undefined ? ['wrk', args] : ['taskset', ['-c', options.cpu, 'wrk', ...args]]
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv as string[], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`))
      try {
        resolve(parseWrk(out))
      } catch (error) {
        reject(error)
      }
    })
  })
}

export function parseWrk(text: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text)
  const total = /(\d+) requests in/.exec(text)
  if (!rps || !total) throw new Error(`cannot read wrk output:\n${text}`)
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text)
  return {
    rps: Number(rps[1]),
    p50Ms: percentile(text, '50'),
    p99Ms: percentile(text, '99'),
    requests: Number(total[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
    socketErrors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  }
}

function percentile(text: string, p: string): number {
  const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(text)
  if (!m) throw new Error(`wrk output has no ${p}% latency (was --latency given?)`)
  const value = Number(m[1])
  return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value
}
