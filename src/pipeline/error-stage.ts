import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotFound } from '../errors/http-errors.js'
import { renderError } from '../errors/render.js'
import { translateFastifyError } from './body/parsers.js'
import { OPERATION } from './routes.js'

const ERROR = Symbol.for('macaron.error')

declare module 'fastify' {
  interface FastifyRequest {
    [ERROR]?: { code: string; error_id: string }
  }
}

/**
 * Every failure leaves through here as the one error body. Unexpected exceptions are
 * logged with their stack and the error_id the client got; their message is never sent.
 * Each request is logged once, when its response is finished.
 */
export function installErrorStage(fastify: FastifyInstance, contentType: string): void {
  fastify.setErrorHandler((thrown: FastifyError, request, reply) => sendError(thrown, request, reply, contentType))
  fastify.setNotFoundHandler((request, reply) =>
    sendError(new NotFound(`No operation has the path ${request.url.split('?')[0]}`), request, reply, contentType),
  )
  fastify.addHook('onResponse', (request, reply, done) => {
    const error = request[ERROR]
    request.log.info(
      {
        operationId: request[OPERATION],
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        ...(error ? { error: error.code, error_id: error.error_id } : {}),
      },
      'request',
    )
    done()
  })
}

function sendError(thrown: unknown, request: FastifyRequest, reply: FastifyReply, contentType: string): FastifyReply {
  const translated = translateFastifyError(thrown) ?? thrown
  const rendered = renderError(translated, request.id)
  request[ERROR] = { code: rendered.body.error, error_id: rendered.body.error_id }
  if (rendered.unexpected) {
    request.log.error({ err: thrown, error_id: rendered.body.error_id, operationId: request[OPERATION] }, 'unexpected exception')
  } else if (rendered.status >= 500) {
    request.log.error({ err: rendered.error.cause ?? rendered.error, error_id: rendered.body.error_id, operationId: request[OPERATION] }, rendered.body.error)
  }
  reply.code(rendered.status)
  for (const [name, value] of Object.entries(rendered.headers)) reply.header(name, value)
  return reply.type(contentType).send(JSON.stringify(rendered.body))
}
