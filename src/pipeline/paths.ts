/**
 * OpenAPI path templates to Fastify (find-my-way) routes. Parameter names become p0, p1 ...
 * because find-my-way ends a name at '-' or '.', which OpenAPI names may contain; the
 * returned names map them back. Literal ':' must be doubled for find-my-way.
 *
 * A parameter followed by other literal text in its segment (OData's `image(width={w},height={h})`,
 * Google's `{name}:cancel`) takes a regular expression, since find-my-way would otherwise
 * read the text as part of the parameter's name (and `(` as the start of an expression).
 */
export function toRoute(basePath: string, template: string): { url: string; names: string[] } {
  const names: string[] = []
  const url = (basePath + template).replace(/:/g, '::').replace(/\{([^}]+)\}(?=(.?))/g, (_, name: string, next: string) => {
    names.push(name)
    return `:p${names.length - 1}${SEPARATORS.includes(next) ? '' : PART_OF_SEGMENT}`
  })
  return { url, names }
}

/** What find-my-way itself ends a parameter at ('' is the end of the path). */
const SEPARATORS = ['', '/', '-', '.']
/**
 * Up to the next delimiter (RFC 3986 sub-delims, ':' and '/'), so `image(width={w})` does
 * not swallow `300,height=200` from a longer route. find-my-way decodes before it matches,
 * so such a value cannot hold a delimiter even encoded (documented in docs/handlers.md).
 */
const PART_OF_SEGMENT = "(^[^/,;=()':]+)"

/**
 * Renames the router's p0, p1 ... back to the spec's parameter names; undefined when there
 * are none. Generated as one object literal: a loop storing by variable keys into a new
 * object (and building 'p0' ... to read by) cost a megamorphic store and a string per
 * parameter and request. A literal key `"__proto__":` would set the prototype, so that
 * one name is written as a computed key, which defines an own property.
 */
export function pathParamRenamer(names: string[]): ((params: Record<string, string>) => Record<string, string>) | undefined {
  if (names.length === 0) return undefined
  // Generated on the path's first request: compiling one for each of Microsoft Graph's
  // 10,312 parametric operations at start-up took 50 ms.
  let rename: ((params: Record<string, string>) => Record<string, string>) | undefined
  return (params) => (rename ??= compileRenamer(names))(params)
}

function compileRenamer(names: string[]): (params: Record<string, string>) => Record<string, string> {
  const fields = names.map((name, i) => `${name === '__proto__' ? '["__proto__"]' : JSON.stringify(name)}: params.p${i}`)
  return new Function(`return function rename(params) {\nreturn { ${fields.join(', ')} }\n}`)() as (params: Record<string, string>) => Record<string, string>
}

/** The path of the first server URL ('/v1' from 'https://api.example.com/v1'), or ''. */
export function basePathOf(servers: unknown): string {
  const first = Array.isArray(servers) ? (servers[0] as { url?: unknown } | undefined) : undefined
  const url = typeof first?.url === 'string' ? first.url : ''
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\{[^}]*\}/g, '')
  const trimmed = path.replace(/\/+$/, '')
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`
}
