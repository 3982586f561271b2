import { reply, type HandlerContext } from 'macaron'
import { createItem as create, getItem as get, listItems as list, type NewItem, type Status } from '../../../logic.js'

export function getItem({ params }: HandlerContext<{ id: number }>) {
  return get(params.id)
}

export function listItems({ query }: HandlerContext<{}, { limit: number; offset: number; status?: Status }>) {
  return list(query.limit, query.offset, query.status)
}

export function createItem({ body }: HandlerContext<{}, {}, {}, {}, NewItem>) {
  return reply(201, create(body))
}
