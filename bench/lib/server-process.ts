import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SERVER = fileURLToPath(new URL('../server.ts', import.meta.url))
export const NODE_FLAGS = ['--conditions=macaron-source', '--import', 'tsx']

export interface RunningServer {
  url: string
  pid: number
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Starts one contender in its own process (pinned with taskset when `cpu` is given). */
export async function startContender(name: string, options: { cpu?: string; extraNodeFlags?: string[] } = {}): Promise<RunningServer> {
  const port = await freePort()
  const node = [process.execPath, ...NODE_FLAGS, ...(options.extraNodeFlags ?? []), SERVER, name, String(port)]
  const [cmd, ...args] = options.cpu === undefined ? node : ['taskset', '-c', options.cpu, ...node]
  const child = spawn(cmd!, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } })
  await waitForLine(child, /^ready /m, 30_000, name)
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopChild(child) }
}

export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const onData = (d: Buffer) => {
      output += d.toString()
      if (pattern.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited (${code}) before it was ready:\n${output}`))
    })
  })
}

/** SIGTERM, then SIGKILL if it has not gone after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
