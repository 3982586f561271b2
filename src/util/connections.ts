import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/**
 * The open connections, so that a draining server can close every one that is not serving
 * a request. Node's closeIdleConnections() leaves alone a connection that was opened but
 * never sent a request (a client's spare socket, a slow or silent client): the drain would
 * then wait for the headers timeout, a minute or more.
 *
 * Whether a connection is serving is read from the socket at sweep time (Node's http sets
 * `_httpMessage` to the response in progress and clears it when it is done) rather than
 * counted per request: counting cost a listener and a closure on every response.
 */
export function trackConnections(server: Server): { closeIdle(): void } {
  const open = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  })
  return {
    closeIdle() {
      for (const socket of open) if ((socket as Socket & { _httpMessage?: unknown })._httpMessage == null) socket.destroy()
    },
  }
}
