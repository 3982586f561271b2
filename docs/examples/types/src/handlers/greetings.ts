// #region handlers
import { ApiError, reply } from 'macaron'
import type { Handler, Schema } from '../generated/greetings.js'

class NoGreeting extends ApiError {
  override code = 'NO_GREETING'
  override status = 404
}

const greetings = new Map<string, Schema<'Greeting'>>([['ada', { name: 'ada', text: 'Hello Ada' }]])

// params.name is a string, query.lang is 'en' | 'fr' (its default fills it in),
// and tsc checks that the result is a Greeting or a declared reply().
export const getGreeting: Handler<'getGreeting'> = async ({ params, query }) => {
  const found = greetings.get(params.name)
  if (!found) throw new NoGreeting(`No greeting for ${params.name}`)
  return query.lang === 'fr' ? { ...found, text: found.text.replace('Hello', 'Bonjour') } : found
}

export const createGreeting: Handler<'createGreeting'> = async ({ body }) => {
  greetings.set(body.name, body)
  return reply(201, body)
}
// #endregion handlers
