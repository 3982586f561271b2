import type { Socket } from 'node:net'
import { BadRequest, HeadersTooLarge, RequestTimeout } from './http-errors.js'
import { renderError } from './render.js'

/**
 * Node's HTTP parser refuses some requests before any route or hook sees them (headers over
 * 16 KB, a malformed request line, a client too slow to send its headers). Fastify answers
 * those with its own JSON shape; this answers with the one error body instead, then closes
 * the socket, since the parser cannot tell where the next request would start.
 */
export function clientErrorHandler(contentType: string) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return
    const error =
      err.code === 'HPE_HEADER_OVERFLOW' ? new HeadersTooLarge() : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new RequestTimeout() : new BadRequest()
    const { status, body } = renderError(error)
    const json = JSON.stringify(body)
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${body.title}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`)
    }
    socket.destroy()
  }
}
