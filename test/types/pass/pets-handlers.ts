// Handlers of the pets scenario typed from the generated types: this file must compile
// (it is part of `tsc -p tsconfig.json`); test/types/fail holds the ones that must not.
import { reply } from '../../../src/index.js'
import type { Handler, Req, Responses, Schema } from '../generated/pets.js'
import type { Handler as AnyApiHandler } from '../generated/index.js'

type Pet = Schema<'Pet'>

export const getPet: Handler<'getPet'> = async ({ params }) => {
  const id: number = params.petId
  if (id === 0) return reply(404, { error: 'PET_NOT_FOUND' })
  return { id, name: 'Rex' }
}

// A declared default is always there: limit is a number, not number | undefined.
export const listPets: Handler<'listPets'> = ({ query, headers }) => {
  const limit: number = query.limit
  const trace: string | undefined = headers['X-Trace']
  const pets: Pet[] = [{ name: trace ?? 'Rex', tag: query.tags?.[0] ?? null }]
  return pets.slice(0, limit)
}

export const createPet: AnyApiHandler<'createPet'> = async ({ body }) => reply(201, { ...body, id: 1 })

export const deletePet: Handler<'deletePet'> = () => reply(204)

export async function uploadPhoto({ body }: Req<'uploadPhoto'>): Promise<Responses<'uploadPhoto'>> {
  return { filename: body.photo.filename, size: body.photo.data.length, ...(body.caption === undefined ? {} : { caption: body.caption }) }
}

// The search form's body is the form's fields, typed.
export const searchPets: Handler<'searchPets'> = ({ body }) => [{ name: body.name }]
