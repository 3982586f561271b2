import type { FastifyInstance } from 'fastify'

/**
 * A fetch that hands the request to an app of this process (Fastify inject): the same
 * routing, validation and handlers as over HTTP, without a socket. The request's signal
 * (the client's timeout) ends the wait; the handler itself runs on, as it would for a
 * remote client that hung up.
 */
export function injectFetch(server: FastifyInstance): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
    const injected = server.inject({ method: request.method as 'GET', url: url.pathname + url.search, headers: Object.fromEntries(request.headers), ...(payload ? { payload } : {}) })
    const res = await abortable(injected, request.signal)
    const headers = new Headers()
    for (const [name, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) headers.append(name, String(v))
    }
    const empty = res.statusCode === 204 || res.statusCode === 304 || request.method === 'HEAD'
    return new Response(empty ? null : res.rawPayload, { status: res.statusCode, headers })
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
