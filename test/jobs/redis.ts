import { spawn, type ChildProcess } from 'node:child_process'
import { Socket } from 'node:net'
export { freePort } from '../support/ports.js'
import { freePort } from '../support/ports.js'

export interface RedisServer {
  url: string
  port: number
  stop(): Promise<void>
}

/** Whether a Redis server answers PING on this port (500 ms at most). */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
  })
}

/**
 * The Redis the BullMQ tests run against: the one at 127.0.0.1:6379, else a `redis-server`
 * started on a free port (stopped by stop()). Without either the tests fail, saying so:
 * a queue test that passes without a queue proves nothing.
 */
export async function findRedis(): Promise<RedisServer> {
  if (await answersPing(6379)) return { url: 'redis://127.0.0.1:6379', port: 6379, stop: async () => undefined }
  const port = await freePort()
  let child: ChildProcess
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject)
      child.once('spawn', resolve)
    })
  } catch (error) {
    throw new Error(`no Redis answers at 127.0.0.1:6379 and redis-server cannot be started (${String(error)}): install Redis to run the BullMQ tests`)
  }
  for (let i = 0; i < 50 && !(await answersPing(port)); i++) await new Promise((r) => setTimeout(r, 100))
  if (!(await answersPing(port))) throw new Error(`redis-server started on port ${port} but does not answer PING`)
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  }
}

/** Deletes every key whose name starts with `prefix` (what a test run left behind). */
export async function deletePrefix(url: string, prefix: string): Promise<number> {
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, { maxRetriesPerRequest: 1 })
  try {
    let deleted = 0
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      cursor = next
      if (keys.length > 0) deleted += await redis.del(...keys)
    } while (cursor !== '0')
    return deleted
  } finally {
    redis.disconnect()
  }
}
