// Handlers that must NOT compile. Each line marked `// error TSxxxx` is where tsc must report
// that code; test/types/types.test.ts checks the exact set (no more, no fewer).
import { reply } from '../../../src/index.js'
import type { Handler, Req } from '../generated/pets.js'

// The wrong shape: a Pet needs a name.
// (in a block-bodied async arrow, tsc reports it on the declaration)
export const missingField: Handler<'getPet'> = async () => { // error TS2322
  return { id: 1 }
}

// The wrong type for a declared field.
export const wrongType: Handler<'getPet'> = async () => ({ name: 42 }) // error TS2322

// A status the operation does not declare.
export const undeclaredStatus: Handler<'getPet'> = async () => { // error TS2322
  return reply(418, { name: 'teapot' })
}

// A declared status with the body of another.
export const wrongErrorBody: Handler<'getPet'> = () => reply(404, { error: 404 }) // error TS2322

// A 204 has no body.
export const bodyOn204: Handler<'deletePet'> = () => ({ name: 'Rex' }) // error TS2322

// Reading a parameter the operation does not declare.
export const missingPathParam: Handler<'getPet'> = ({ params }) => ({ name: String(params.id) }) // error TS2339

export async function missingQueryParam({ query }: Req<'listPets'>) {
  return query.colour // error TS2339
}

// A parameter without a default may be absent.
export async function optionalParam({ query }: Req<'listPets'>) {
  const status: string = query.status // error TS2322
  return status
}

// getPet takes no body.
export async function noBody({ body }: Req<'getPet'>) {
  return body.name // error TS18048
}

// An operationId that the spec does not have.
export type Unknown = Handler<'getPets'> // error TS2344
