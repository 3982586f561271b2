import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createApp, errors, type Handler, type MacaronApp } from '../../src/index.js'
import { petHandlers } from '../fixtures/pets/handlers.js'

export const versions = ['v20', 'v30', 'v31'] as const
export type Version = (typeof versions)[number]

export const petsDir = (version: Version) => new URL(`../fixtures/pets/${version}`, import.meta.url).pathname

/** How the called pets service misbehaves, set by each test; and what it saw. */
export interface Behaviour {
  /** Answer 503 to this many calls of getOwner/createPet, then normally. */
  failFirst: number
  /** getOwner answers after this long. */
  slowMs: number
  calls: number
  seen: Array<Record<string, string | undefined>>
}

/** The pets scenario served over real HTTP on a free port, with getOwner and createPet under the test's control. */
export async function startPets(version: Version, logStream?: { write(line: string): void }): Promise<{ app: MacaronApp; url: string; behaviour: Behaviour }> {
  const behaviour: Behaviour = { failFirst: 0, slowMs: 0, calls: 0, seen: [] }
  const base = petHandlers()
  const flaky = (handler: Handler): Handler => async (context) => {
    behaviour.calls++
    const h = context.request.headers
    behaviour.seen.push({ authorization: h.authorization, request_id: h['x-request-id'] as string | undefined, traceparent: h.traceparent as string | undefined })
    if (behaviour.calls <= behaviour.failFirst) throw new errors.ServiceUnavailable('try later')
    if (behaviour.slowMs > 0) await sleep(behaviour.slowMs)
    return handler(context)
  }
  const handlers: Record<string, Handler> = {
    ...base,
    createPet: flaky(base.createPet!),
    getOwner: flaky(({ params }) => ({ pet: params.petId, owner: 'Ada' })),
  }
  const app = await createApp({ dir: petsDir(version), handlers, environ: {}, ...(logStream ? { logStream } : { logger: false }) })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url, behaviour }
}

/**
 * A second service that calls pets: its apis/ holds its own caller.yaml and the pets
 * document of the given version (the API it calls), and it takes bearer tokens.
 */
export function callerProject(version: Version): string {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-caller-'))
  mkdirSync(join(dir, 'apis'))
  copyFileSync(join(petsDir(version), 'apis/pets.yaml'), join(dir, 'apis/pets.yaml'))
  writeFileSync(join(dir, 'macaron.yaml'), 'name: caller\nenv_secrets: [JWT_SECRET]\njwt:\n  keys:\n    - secret: JWT_SECRET\n')
  writeFileSync(
    join(dir, 'apis/caller.yaml'),
    `openapi: 3.1.0
info: { title: caller, version: 1.0.0 }
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
security: [{ bearerAuth: [] }]
paths:
  /relay/{petId}/owner:
    get:
      operationId: relayOwner
      parameters: [{ name: petId, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
  /relay/{petId}:
    get:
      operationId: relayPet
      parameters: [{ name: petId, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
`,
  )
  return dir
}
