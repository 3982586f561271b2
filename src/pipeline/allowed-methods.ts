import FindMyWay from 'find-my-way'

/**
 * The methods each route template is served with, for the not-found handler to answer
 * 405 with an Allow header when the path exists under other methods. Kept in a router of
 * its own rather than as a Fastify route per missing method: those were most of Fastify's
 * routes, and Fastify's start-up cost grows with the square of its routes (a 'preReady'
 * listener each), 5 s of Microsoft Graph's start. The router is built on the first
 * request that finds no route, not at start-up (0.2 s of Microsoft Graph's start).
 */
export class AllowedMethods {
  private router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined
  private readonly byUrl = new Map<string, Set<string>>()

  add(url: string, method: string): void {
    let methods = this.byUrl.get(url)
    if (methods === undefined) {
      methods = new Set()
      this.byUrl.set(url, methods)
      this.router = undefined
    }
    methods.add(method)
    if (method === 'GET') methods.add('HEAD')
  }

  /** The Allow header for a path (without its query) that some route serves, else undefined. */
  allowFor(path: string): string | undefined {
    const methods = this.routes().find('GET', path)?.store as Set<string> | undefined
    return methods === undefined ? undefined : [...methods].sort().join(', ')
  }

  private routes(): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
    if (this.router === undefined) {
      const router = FindMyWay({ maxParamLength: 1000 })
      for (const [url, methods] of this.byUrl) router.on('GET', url, () => undefined, methods)
      this.router = router
    }
    return this.router
  }
}
