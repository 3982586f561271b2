// Client calls that must NOT compile (see test/types/types.test.ts): the pets API of
// test/types/generated is in the MacaronApis registry, so createClient('pets') is typed.
import { createClient } from '../../../src/index.js'
import '../generated/index.js'

const pets = createClient('pets')

// A path parameter of the wrong type.
export const wrongParam = () => pets.getPet({ params: { petId: '1' } }) // error TS2322

// A required path parameter left out.
export const missingParam = () => pets.getPet({}) // error TS2345

// A body that is not a Pet.
export const wrongBody = () => pets.createPet({ body: { name: 3 } }) // error TS2322

// createPet requires its body.
export const noBody = () => pets.createPet() // error TS2554

// A query parameter the operation does not declare.
export const unknownQuery = () => pets.listPets({ query: { colour: 'red' } }) // error TS2353

// The result is the 2xx body: a Pet has no `owner`.
export const wrongResult = async () => (await pets.getPet({ params: { petId: 1 } })).owner // error TS2339

// An operation the API does not have.
export const unknownOperation = () => pets.getPets() // error TS2551

// An API that is not in apis/.
export const unknownApi = createClient('stores') // error TS2345
