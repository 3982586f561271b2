import type { Context, Span } from '@opentelemetry/api'
import type { StageTimings } from '../observability/timings.js'
import type { User } from './handler-types.js'

// What the pipeline stages leave on a Fastify request for later stages and hooks, under
// symbols so that nothing collides with Fastify's or a plugin's own properties.
export const OPERATION = Symbol.for('macaron.operation')
export const USER = Symbol.for('macaron.user')
export const ERROR = Symbol.for('macaron.error')
export const SPAN = Symbol.for('macaron.span')
export const STAGES = Symbol.for('macaron.stages')
/** The operation router's answer for the request (operation-router.ts), looked up once. */
export const MATCH = Symbol.for('macaron.match')
/** When the request's first hook ran (timings.ts `now()`), for its duration. */
export const STARTED = Symbol.for('macaron.started')

declare module 'fastify' {
  interface FastifyRequest {
    [OPERATION]?: string
    [USER]?: User
    [ERROR]?: { code: string; error_id: string }
    [SPAN]?: { span: Span; context: Context }
    [STAGES]?: StageTimings
    [MATCH]?: unknown
    [STARTED]?: number
  }
}
