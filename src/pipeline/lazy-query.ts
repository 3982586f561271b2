import { parse } from 'node:querystring'

/**
 * Fastify's `request.query`, parsed on first use. Fastify's router parses the query string
 * of every request it routes, but Macaron's input stage reads the raw string its own way
 * (parameters/decode.ts: values decoded only when declared, errors named); so the parse
 * Fastify would make (0.5 µs for three parameters) is deferred to the first read of
 * `request.query` (a handler's escape hatch), which then sees what Fastify's parser gives
 * (node:querystring, which Fastify's fast-querystring matches).
 */
export function lazyQuery(raw: string): Record<string, unknown> {
  if (raw === '') return {}
  return new Proxy<Holder>({ raw, parsed: undefined }, HANDLER) as unknown as Record<string, unknown>
}

interface Holder {
  raw: string
  parsed: Record<string | symbol, unknown> | undefined
}

const parsedOf = (holder: Holder): Record<string | symbol, unknown> => (holder.parsed ??= parse(holder.raw) as Record<string | symbol, unknown>)

// Every trap reads or writes the parsed object, so the holder's own fields are never seen.
const HANDLER: ProxyHandler<Holder> = {
  get: (holder, key) => parsedOf(holder)[key],
  set: (holder, key, value) => Reflect.set(parsedOf(holder), key, value),
  has: (holder, key) => key in parsedOf(holder),
  deleteProperty: (holder, key) => Reflect.deleteProperty(parsedOf(holder), key),
  ownKeys: (holder) => Reflect.ownKeys(parsedOf(holder)),
  getOwnPropertyDescriptor: (holder, key) => Reflect.getOwnPropertyDescriptor(parsedOf(holder), key),
  defineProperty: (holder, key, descriptor) => Reflect.defineProperty(parsedOf(holder), key, descriptor),
  getPrototypeOf: () => null,
}
