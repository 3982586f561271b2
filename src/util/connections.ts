import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * Counts the requests in progress on each connection, so a draining server can close every
 * connection that is not serving one. Node's closeIdleConnections() leaves alone a
 * connection that was opened but never sent a request (a client's spare socket, a slow or
 * silent client): the drain would then wait for the headers timeout, a minute or more.
 */
export function trackConnections(server: Server): { closeIdle(): void } {
  const active = new Map<Socket, number>()
  server.on('connection', (socket: Socket) => {
    active.set(socket, 0)
    socket.once('close', () => active.delete(socket))
  })
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket
    active.set(socket, (active.get(socket) ?? 0) + 1)
    res.once('close', () => {
      const left = (active.get(socket) ?? 1) - 1
      if (active.has(socket)) active.set(socket, left)
    })
  })
  return {
    closeIdle() {
      for (const [socket, requests] of active) if (requests === 0) socket.destroy()
    },
  }
}
