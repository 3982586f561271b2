import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, Logger } from 'pino'

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type LogFn = (...args: unknown[]) => void

/**
 * The per-request logger, made only when a line is written at an enabled level. A pino
 * child costs an object and the serialised bindings on every request (0.4 µs measured);
 * at level warn most requests write nothing, so most never need one.
 */
class LazyChildLogger {
  private made: Logger | undefined
  constructor(
    private readonly parent: Logger,
    private readonly childBindings: Bindings,
  ) {}

  private real(): Logger {
    return (this.made ??= this.parent.child(this.childBindings))
  }

  private write(level: Level, args: unknown[]): void {
    const logger = this.made ?? (this.parent.isLevelEnabled(level) ? this.real() : undefined)
    if (logger) (logger[level] as LogFn)(...args)
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args)
  }
  error(...args: unknown[]): void {
    this.write('error', args)
  }
  warn(...args: unknown[]): void {
    this.write('warn', args)
  }
  info(...args: unknown[]): void {
    this.write('info', args)
  }
  debug(...args: unknown[]): void {
    this.write('debug', args)
  }
  trace(...args: unknown[]): void {
    this.write('trace', args)
  }
  silent(): void {}

  isLevelEnabled(level: string): boolean {
    return (this.made ?? this.parent).isLevelEnabled(level)
  }
  get level(): string {
    return (this.made ?? this.parent).level
  }
  set level(level: string) {
    this.real().level = level
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.real().child(bindings, options)
  }
  bindings(): Bindings {
    return this.real().bindings()
  }
}

/** The key of the request id in every request's log lines. */
const REQUEST_ID_LABEL = 'request_id'

/**
 * The logger of one request: `{ request_id }` bound, made a pino child only when a line is
 * written at an enabled level. Fastify is given no logger (app.ts): with one, it adds and
 * removes two listeners on every response and runs a closure when it finishes, for its own
 * request logging, which Macaron replaces (about 1 µs a request, Node 24 profile); so the
 * request hook (request-hooks.ts) sets this as the request's and the reply's `log`.
 */
export function requestLogger(logger: Logger, requestId: string): FastifyBaseLogger {
  const bindings = { [REQUEST_ID_LABEL]: requestId }
  // Only pino can say whether a level is enabled without a child; other loggers make theirs.
  if (typeof logger.isLevelEnabled !== 'function') return logger.child(bindings) as unknown as FastifyBaseLogger
  return new LazyChildLogger(logger, bindings) as unknown as FastifyBaseLogger
}
