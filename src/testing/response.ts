import { AssertionError } from 'node:assert'
import type { ErrorBody } from '../errors/render.js'

/** A response from an in-process or live server, with assertions that print the body. */
export class TestResponse {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
  ) {}

  json<T = unknown>(): T {
    try {
      return JSON.parse(this.text) as T
    } catch {
      throw this.fail(`body is not JSON`)
    }
  }

  /** Asserts a 2xx status. */
  expectOk(): this {
    if (this.status < 200 || this.status > 299) throw this.fail(`expected a 2xx status, got ${this.status}`)
    return this
  }

  expectStatus(status: number): this {
    if (this.status !== status) throw this.fail(`expected status ${status}, got ${this.status}`)
    return this
  }

  /** Asserts a JSON content type and returns the parsed body. */
  expectJson<T = unknown>(): T {
    const type = this.headers['content-type'] ?? ''
    if (!/^application\/([a-z0-9.+-]+\+)?json/i.test(type)) throw this.fail(`expected a JSON content type, got '${type}'`)
    return this.json<T>()
  }

  /** Asserts the standard error body with this status and error code; returns it. */
  expectError(status: number, code: string): ErrorBody {
    this.expectStatus(status)
    const body = this.expectJson<ErrorBody>()
    if (body.error !== code) throw this.fail(`expected error ${code}, got ${String(body.error)}`)
    for (const field of ['error_description', 'error_id', 'title', 'detail', 'type'] as const) {
      if (typeof body[field] !== 'string') throw this.fail(`error body lacks ${field}`)
    }
    if (body.status !== status) throw this.fail(`error body status ${String(body.status)} differs from HTTP status ${status}`)
    return body
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]
  }

  private fail(message: string): AssertionError {
    const body = this.text.length > 2000 ? `${this.text.slice(0, 2000)}…` : this.text
    return new AssertionError({ message: `${this.method} ${this.path}: ${message}\n  body: ${body}` })
  }
}
