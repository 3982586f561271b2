import type { ApiError } from '../errors/api-error.js'
import { MethodNotAllowed, NotFound } from '../errors/http-errors.js'
import { RouteTrees } from './route-trees.js'

/** The router settings Fastify is given too, so that its own routes and the operations match alike. */
export const ROUTER_OPTIONS = { maxParamLength: 1000 }

const NO_QUERY = Object.freeze({})

/** What a request's method and path find among the operations. */
export type RouteMatch<E> =
  | { entry: E; params: Record<string, string>; allow: string }
  | { entry: undefined; params: undefined; allow: string }
  | null

/**
 * The operations' paths in a router of their own (find-my-way, the one Fastify uses, with
 * the same settings), served through one Fastify route for every path (routes.ts).
 *
 * Fastify's start-up grows with the square of its routes: each registers an avvio step and
 * a `preReady` listener that Node removes by a linear search, plus a route context each.
 * Microsoft Graph has 7,419 paths; as Fastify routes they took 0.8 s of a 2.3 s start. The
 * same paths in a bare router cost what find-my-way's own tree costs, and the request is
 * matched once, by this router, after Fastify's cheap match of the catch-all. A document of
 * thousands of paths has its tree built in parts, each on its first request (route-trees.ts).
 */
export class OperationRouter<E> {
  // find-my-way parses the query string of every match it makes; the input stage parses it
  // its own way (parameters/decode.ts), so here it is left alone (0.5 µs for three parameters).
  private readonly trees = new RouteTrees({ ...ROUTER_OPTIONS, querystringParser: () => NO_QUERY })

  /** One path, its operations by method (HEAD included when it is served). */
  add(url: string, byMethod: Record<string, E>): void {
    const allow = Object.keys(byMethod).sort().join(', ')
    this.trees.add(url, { byMethod, allow })
  }

  /** Builds every part of the tree now, rather than on the first request of each. */
  buildAll(): void {
    this.trees.buildAll()
  }

  /** `url` as the request has it (query included): the operation, or the methods the path has, or null. */
  match(method: string, url: string): RouteMatch<E> {
    const tree = this.trees.treeFor(url)
    const found = tree === undefined ? null : tree.find('GET', url)
    if (found === null) return null
    const { byMethod, allow } = found.store as { byMethod: Record<string, E>; allow: string }
    const entry = byMethod[method]
    if (entry === undefined) return { entry: undefined, params: undefined, allow }
    return { entry, params: found.params as Record<string, string>, allow }
  }

  /** The 404 or 405 (with Allow) for a request that no operation serves. */
  refusal(method: string, url: string, match: RouteMatch<E> = this.match(method, url)): ApiError {
    if (match === null) return new NotFound(`No operation has the path ${url.split('?')[0]}`)
    return new MethodNotAllowed(`${method} is not allowed here; use ${match.allow}`, { headers: { allow: match.allow } })
  }
}
