import { createServer, type IncomingMessage } from 'node:http'
import type { Handler } from '../../src/index.js'

export const fixture = new URL('../fixtures/observability', import.meta.url).pathname

export const handlers: Record<string, Handler> = {
  getItem: ({ params }) => ({ id: params.id }),
  crash: ({ request }) => {
    throw new Error(`disk full at ${request.headers['x-secret-note'] ?? 'nowhere'}`)
  },
}

/** A real HTTP receiver on a free loopback port that keeps every JSON body posted to it. */
export async function receiver(): Promise<{ url: string; posts: Array<Record<string, unknown>>; close: () => Promise<void> }> {
  const posts: Array<Record<string, unknown>> = []
  const server = createServer((request: IncomingMessage, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      posts.push(JSON.parse(body) as Record<string, unknown>)
      response.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/hook`, posts, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

export function captureLog(): { stream: { write(line: string): void }; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = []
  return { stream: { write: (line: string) => void raw.push(line) }, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) }
}
