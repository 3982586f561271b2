import FindMyWay from 'find-my-way'

type Tree = ReturnType<typeof FindMyWay>
interface Route {
  url: string
  store: object
}
interface Group {
  routes: Route[]
  tree?: Tree
}
/** The routes split once, on the first lookup; depth 0: one tree of every route. */
interface Parts {
  depth: number
  parts: Map<string, Group>
  unkeyed: Group
}

/** Below this many paths every route goes into one tree, built at once. */
export const PARTITION_FROM = 1000

/**
 * The operations' routes in find-my-way trees, for a document of thousands of paths split
 * by their first static segments (after the ones all paths share, such as a base path):
 * each part's tree is built on the first request that reaches it. Building the tree of
 * Microsoft Graph's 7,419 paths took 0.4 s of its start-up, mostly find-my-way compiling a
 * matcher (`new Function`) for each static node and each parametric route.
 *
 * A lookup gives what one tree of every route would give. A path can only match routes
 * whose key segments, all static, equal its own, so a part's tree holds its routes and the
 * routes that have no key (a parameter among the key segments, or fewer segments), and a
 * path whose key no part has is looked up among the latter alone. A key is compared as
 * written: a path with a `%` in its key, or one not starting with `/` (absolute form), is
 * looked up in a tree of every route, built when first needed, since find-my-way decodes
 * before it compares.
 */
export class RouteTrees {
  private readonly routes: Route[] = []
  private sealed: Parts | undefined
  private whole: Tree | undefined

  constructor(private readonly options: Parameters<typeof FindMyWay>[0]) {}

  add(url: string, store: object): void {
    if (this.sealed !== undefined) throw new Error('routes are added before the first lookup')
    this.routes.push({ url, store })
  }

  /** The tree to look `url` (as the request has it) up in; undefined when no route could match. */
  treeFor(url: string): Tree | undefined {
    const sealed = (this.sealed ??= this.seal())
    if (sealed.depth === 0) return this.wholeTree()
    const key = keyOf(url, sealed.depth)
    if (key === undefined) return this.wholeTree()
    const group = (key === null ? undefined : sealed.parts.get(key)) ?? sealed.unkeyed
    return group.routes.length === 0 ? undefined : this.treeOf(group, sealed)
  }

  /** Builds every tree now (the test kit and `macaron lint` do, so that a route find-my-way refuses is found before a request). */
  buildAll(): void {
    const sealed = (this.sealed ??= this.seal())
    this.wholeTree()
    for (const group of [...sealed.parts.values(), sealed.unkeyed]) this.treeOf(group, sealed)
  }

  /** A part's tree holds its routes and the unkeyed ones, which may match any path. */
  private treeOf(group: Group, sealed: Parts): Tree {
    return (group.tree ??= this.build(group === sealed.unkeyed ? group.routes : [...group.routes, ...sealed.unkeyed.routes]))
  }

  private wholeTree(): Tree {
    return (this.whole ??= this.build(this.routes))
  }

  private build(routes: Route[]): Tree {
    const tree = FindMyWay(this.options)
    for (const { url, store } of routes) tree.on('GET', url, () => undefined, store)
    return tree
  }

  private seal(): Parts {
    const parts = new Map<string, Group>()
    const unkeyed: Group = { routes: [] }
    if (this.routes.length < PARTITION_FROM) return { depth: 0, parts, unkeyed }
    const segments = this.routes.map((r) => r.url.split('/').slice(1))
    const depth = sharedStaticSegments(segments) + 1
    this.routes.forEach((route, i) => {
      const own = segments[i]!
      if (own.length < depth || !own.slice(0, depth).every(isStatic)) return void unkeyed.routes.push(route)
      const key = `/${own.slice(0, depth).join('/')}`
      const group = parts.get(key)
      if (group) group.routes.push(route)
      else parts.set(key, { routes: [route] })
    })
    // One part is no better than one tree.
    if (parts.size < 2) return { depth: 0, parts: new Map(), unkeyed: { routes: [] } }
    return { depth, parts, unkeyed }
  }
}

/** A segment of a find-my-way route with nothing but literal text (no parameter, wildcard, escaped colon or pattern). */
function isStatic(segment: string): boolean {
  return !/[:*(]/.test(segment)
}

/** How many leading static segments every route shares (a base path); routes with no more than these have no key. */
function sharedStaticSegments(segments: string[][]): number {
  const first = segments[0]!
  let shared = 0
  while (shared < first.length && isStatic(first[shared]!) && segments.every((s) => s[shared] === first[shared])) shared++
  return shared
}

/**
 * The first `depth` segments of a request's path ('/v1.0/users' of '/v1.0/users/42?x=1');
 * null when the path has fewer; undefined when they hold a `%` or the URL is not a path.
 */
export function keyOf(url: string, depth: number): string | null | undefined {
  if (url.charCodeAt(0) !== 47 /* / */) return undefined
  let end = url.length
  const query = url.indexOf('?')
  if (query !== -1) end = query
  const fragment = url.indexOf('#')
  if (fragment !== -1 && fragment < end) end = fragment
  let at = 0
  for (let k = 1; ; k++) {
    let next = url.indexOf('/', at + 1)
    if (next === -1 || next > end) next = end
    if (k === depth) {
      const key = url.slice(0, next)
      return key.includes('%') ? undefined : key
    }
    if (next === end) return null
    at = next
  }
}
