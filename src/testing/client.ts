import type { MacaronApp } from '../app.js'
import { TestResponse } from './response.js'

export type QueryValue = string | number | boolean | Array<string | number | boolean>

export interface RequestOptions {
  query?: Record<string, QueryValue | undefined>
  headers?: Record<string, string>
  /** Sent as application/json. */
  json?: unknown
  /** Sent as is (form data and URLSearchParams set their own content type). */
  body?: string | Buffer | Uint8Array | URLSearchParams | FormData
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
}

type Send = (method: string, path: string, headers: Record<string, string>, body: Buffer | undefined) => Promise<TestResponse>

/** Talks to an app in-process (Fastify inject, no socket) or to a live base URL over HTTP. */
export class TestClient {
  private constructor(
    private readonly send: Send,
    /** The base URL of a live server; undefined in-process. */
    readonly url: string | undefined,
  ) {}

  static inProcess(app: MacaronApp): TestClient {
    return new TestClient(async (method, path, headers, body) => {
      const res = await app.server.inject({ method: method as 'GET', url: path, headers, ...(body ? { payload: body } : {}) })
      return new TestResponse(method, path, res.statusCode, flatten(res.headers), res.body)
    }, undefined)
  }

  static live(baseUrl: string): TestClient {
    const base = baseUrl.replace(/\/+$/, '')
    return new TestClient(async (method, path, headers, body) => {
      const res = await fetch(base + path, { method, headers, ...(body ? { body } : {}), redirect: 'manual' })
      const out: Record<string, string> = {}
      res.headers.forEach((value, name) => (out[name] = value))
      return new TestResponse(method, path, res.status, out, await res.text())
    }, base)
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, options)
  }
  post(path: string, options?: RequestOptions) {
    return this.request('POST', path, options)
  }
  put(path: string, options?: RequestOptions) {
    return this.request('PUT', path, options)
  }
  patch(path: string, options?: RequestOptions) {
    return this.request('PATCH', path, options)
  }
  delete(path: string, options?: RequestOptions) {
    return this.request('DELETE', path, options)
  }
  head(path: string, options?: RequestOptions) {
    return this.request('HEAD', path, options)
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = {}
    let body: Buffer | undefined
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = Buffer.from(JSON.stringify(options.json))
    } else if (options.body !== undefined) {
      // Response encodes FormData and URLSearchParams the way fetch would, boundary included.
      const encoded = new Response(options.body as ConstructorParameters<typeof Response>[0])
      const type = encoded.headers.get('content-type')
      if (type) headers['content-type'] = type
      body = Buffer.from(await encoded.arrayBuffer())
    }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    Object.assign(headers, options.headers)
    return this.send(method, path + queryString(options.query), headers, body)
  }
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

function flatten(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v)
  return out
}
