import { createRequire } from 'node:module'
import { pino, type Logger, type DestinationStream } from 'pino'
import type { MacaronConfig } from '../config/schema.js'

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'request.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
]

/**
 * The service's pino logger: JSON lines, Authorization and cookies redacted by path, and
 * every env_secrets value masked wherever it appears in a line (a secret can reach a log
 * inside an error message, which no path-based redaction catches).
 */
export function createLogger(config: Pick<MacaronConfig, 'log' | 'secrets' | 'name' | 'env'>, destination?: DestinationStream): Logger {
  const secrets = Object.values(config.secrets).filter((s) => s.length >= 4)
  const pretty = config.log.pretty ?? (config.env === 'dev' && process.stdout.isTTY === true)
  let stream: DestinationStream = destination ?? (pretty ? prettyStream() : pino.destination({ sync: false }))
  if (secrets.length > 0) stream = maskingStream(stream, secrets)
  return pino(
    {
      name: config.name,
      level: config.log.level,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      base: { service: config.name },
    },
    stream,
  )
}

export function maskingStream(target: DestinationStream, secrets: string[]): DestinationStream {
  const escaped = secrets.map((s) => JSON.stringify(s).slice(1, -1))
  const all = [...new Set([...secrets, ...escaped])].sort((a, b) => b.length - a.length)
  return {
    write(line: string) {
      let out = line
      for (const secret of all) if (out.includes(secret)) out = out.split(secret).join('[SECRET]')
      target.write(out)
    },
  }
}

function prettyStream(): DestinationStream {
  try {
    const require = createRequire(import.meta.url)
    const pretty = require('pino-pretty') as (options: object) => DestinationStream
    return pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' })
  } catch {
    // pino-pretty is a development convenience; without it the lines stay JSON.
    return pino.destination({ sync: false })
  }
}
