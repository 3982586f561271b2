import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createItem, getItem, listItems, type NewItem, type Status } from '../logic.js'
import { HOST, type StartServer } from './types.js'

// The floor: node:http with hand routing and no validation at all. Only malformed JSON is
// refused, because JSON.parse throws.
export const start: StartServer = (port) => {
  const server = createServer((req, res) => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q === -1 ? url : url.slice(0, q)
    if (req.method === 'GET' && path.startsWith('/items/')) return send(res, 200, getItem(Number(path.slice(7))))
    if (req.method === 'GET' && path === '/items') {
      const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1))
      return send(res, 200, listItems(Number(query.get('limit') ?? 20), Number(query.get('offset') ?? 0), (query.get('status') ?? undefined) as Status | undefined))
    }
    if (req.method === 'POST' && path === '/items') return readJson(req, res)
    send(res, 404, { error: 'NOT_FOUND' })
  })
  return listen(server, port)
}

function readJson(req: IncomingMessage, res: ServerResponse): void {
  let text = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => (text += chunk))
  req.on('end', () => {
    let body: NewItem
    try {
      body = JSON.parse(text) as NewItem
    } catch {
      return send(res, 400, { error: 'MALFORMED_JSON' })
    }
    send(res, 201, createItem(body))
  })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export function listen(server: ReturnType<typeof createServer>, port: number): ReturnType<StartServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => resolve({ close: () => new Promise((done) => server.close(() => done())) }))
  })
}
