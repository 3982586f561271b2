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
    private readonly spawn: PinoChild,
  ) {}

  private real(): Logger {
    return (this.made ??= this.spawn.call(this.parent, this.childBindings))
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

/** The key of the request id in every request's log lines (Fastify's requestIdLogLabel). */
export const REQUEST_ID_LABEL = 'request_id'

type PinoChild = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger

/**
 * Makes the children Fastify asks of `logger` for its requests lazy: `{ request_id }` with
 * no options of their own (a route or plugin with its own level or serialisers gets a real
 * child). This replaces the logger's own `child` rather than giving Fastify a
 * `childLoggerFactory`, because Fastify checks every logger a custom factory returns for
 * seven methods, on every request (an array and a closure each: about 0.2 µs); its default
 * factory, which calls `logger.child`, is not checked. Pino's children inherit from their
 * parent, so the method reads `this`, and a child's children keep its bindings.
 */
export function makeRequestChildrenLazy(logger: FastifyBaseLogger): void {
  const pino = logger as unknown as Logger
  // Only pino can say whether a level is enabled without a child; other loggers keep theirs.
  if (typeof pino.isLevelEnabled !== 'function') return
  const spawn = pino.child as unknown as PinoChild
  const child: PinoChild = function (this: Logger, bindings, options) {
    if (options !== undefined) for (const _ in options) return spawn.call(this, bindings, options)
    for (const key in bindings) if (key !== REQUEST_ID_LABEL) return spawn.call(this, bindings, options)
    return new LazyChildLogger(this, bindings, spawn) as unknown as Logger
  }
  Object.defineProperty(pino, 'child', { value: child, writable: true, configurable: true })
}
