import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

/**
 * /docs: Swagger UI from the swagger-ui-dist package on disk, no CDN, so the page works
 * offline and behind a strict CSP (no inline script: the start-up code is its own file).
 */
export function registerDocsPage(fastify: FastifyInstance, apis: Array<{ name: string; url: string }>): void {
  const folder = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const cache = new Map<string, Buffer>()
  const asset = (name: string) => {
    let body = cache.get(name)
    if (!body) cache.set(name, (body = readFileSync(join(folder, name))))
    return body
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API docs</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/init.js"></script></body></html>`
  const init = `window.ui = SwaggerUIBundle({ urls: ${JSON.stringify(apis)}, dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' })`
  fastify.get('/docs', (_request, reply) => {
    void reply.type('text/html; charset=utf-8').send(html)
  })
  fastify.get('/docs/init.js', (_request, reply) => {
    void reply.type('text/javascript; charset=utf-8').send(init)
  })
  fastify.get('/docs/assets/:name', (request, reply) => {
    const name = (request.params as { name: string }).name
    const type = ASSETS[name]
    if (!type) return reply.callNotFound()
    void reply.type(type).header('cache-control', 'public, max-age=86400').send(asset(name))
  })
}
