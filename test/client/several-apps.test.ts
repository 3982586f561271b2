// One handlers module can serve several apps in one process (tests do this, and so can a
// process hosting two services): a client made once at import time must call with the
// config of the app serving the request, not of whichever app was created last.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { after, before, test } from 'node:test'
import { createApp, createClient, type MacaronApp } from '../../src/index.js'
import { testClient } from '../../src/testing/index.js'
import { callerProject } from './helpers.js'

/** A stand-in pets service answering every request with its own name. */
async function namedService(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pet: 1, owner: name }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server }
}

const client = createClient('pets') // as a handlers file would, at import
const relayOwner = ({ params }: { params: Record<string, unknown> }) => client.getOwner({ params: { petId: params.petId as number } })
let east: Awaited<ReturnType<typeof namedService>>
let west: Awaited<ReturnType<typeof namedService>>
const apps: MacaronApp[] = []

before(async () => {
  east = await namedService('east')
  west = await namedService('west')
  for (const service of [east, west]) {
    apps.push(
      await createApp({
        dir: callerProject('v31'),
        logger: false,
        environ: { JWT_SECRET: 'a-secret-of-at-least-32-characters!!' },
        overrides: { clients: { pets: { base_url: service.url } } },
        handlers: { relayOwner, relayPet: () => ({}) },
      }),
    )
  }
})
after(async () => {
  for (const app of apps) await app.close()
  east.server.close()
  west.server.close()
})

test('inside a request, a client calls with the config of the app serving it', async () => {
  const { generateToken } = await import('../../src/index.js')
  for (const [app, expected] of [[apps[0]!, 'east'], [apps[1]!, 'west'], [apps[0]!, 'east']] as const) {
    const token = await generateToken('u1')
    const body = (await testClient(app).get('/relay/1/owner', { token })).expectOk().expectJson<{ owner: string }>()
    assert.equal(body.owner, expected)
  }
})

test('outside a request, it reads the app created last', async () => {
  assert.equal(((await client.getOwner({ params: { petId: 1 } })) as { owner: string }).owner, 'west')
})
