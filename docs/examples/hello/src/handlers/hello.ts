import type { HandlerContext } from 'macaron'

export async function sayHello({ params, query }: HandlerContext<{ name: string }, { times: number }>) {
  return { message: `Hello ${params.name}! `.repeat(query.times).trim() }
}
