import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { OperationRouter } from './operation-router.js'
import { renderError, type RenderedError } from '../errors/render.js'
import type { CrashReporter } from '../observability/crash/reporter.js'
import { crashReportOf } from '../observability/crash/from-request.js'
import { translateFastifyError } from './body/parsers.js'
import { ERROR, OPERATION } from './request-state.js'


export type ErrorSender = (thrown: unknown, request: FastifyRequest, reply: FastifyReply) => void

/**
 * Every failure leaves through here as the one error body. Unexpected exceptions are
 * logged with their stack and the error_id the client got; their message is never sent.
 * Returns the sender, for Fastify's `frameworkErrors` (set before this stage exists).
 */
export function installErrorStage(fastify: FastifyInstance, contentType: string, crashes: CrashReporter | undefined, router: OperationRouter<unknown>): ErrorSender {
  const send: ErrorSender = (thrown, request, reply) => {
    const rendered = sendError(thrown, request, reply, contentType)
    if (crashes && rendered.status >= 500 && rendered.status !== 503) crashes.report(crashReportOf(request, rendered))
  }
  fastify.setErrorHandler((thrown: FastifyError, request, reply) => send(thrown, request, reply))
  // Requests the operations' catch-all route does not take (a method it leaves to a plugin,
  // such as OPTIONS to CORS) and those a plugin hands back with callNotFound().
  fastify.setNotFoundHandler((request, reply) => send(router.refusal(request.method, request.url), request, reply))
  return send
}

function sendError(thrown: unknown, request: FastifyRequest, reply: FastifyReply, contentType: string): RenderedError {
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
  void reply.type(contentType).send(JSON.stringify(rendered.body))
  return rendered
}
