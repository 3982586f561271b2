import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { macaron, root } from './helpers.js'
import { freePort } from '../support/ports.js'

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-regen-'))
  cpSync(join(root, 'test/fixtures/pets/v30/apis'), join(dir, 'apis'), { recursive: true })
  return dir
}

/** Runs a command as the docs write it ('macaron start --mock') on `dir`, until its /ping answers; then stops it. */
async function serve<T>(command: string, dir: string, whileUp: (url: string) => Promise<T>): Promise<T> {
  const [, sub, ...flags] = command.split(' ')
  const port = await freePort()
  const child = spawn(process.execPath, ['bin/macaron.js', sub!, dir, ...flags, '--port', String(port)], { cwd: root, env: { ...process.env, MACARON_LOG__LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  try {
    for (let deadline = Date.now() + 30_000; ; await sleep(100)) {
      if ((await fetch(`${url}/ping`).catch(() => undefined))?.ok) break
      assert.ok(Date.now() < deadline && child.exitCode === null, `${command} did not start: ${output}`)
    }
    return await whileUp(url)
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

test('macaron start regenerates stale types before serving; macaron dev also creates them', async () => {
  const dir = project()
  assert.equal(macaron('generate', dir).code, 0)
  const spec = join(dir, 'apis/pets.yaml')
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('operationId: getOwner', 'operationId: getPetOwner'))
  await serve('macaron start', dir, async () => undefined)
  assert.match(readFileSync(join(dir, 'src/generated/pets.ts'), 'utf8'), /getPetOwner: \{/, 'start regenerated the stale output')

  const fresh = project()
  await serve('macaron start', fresh, async () => undefined)
  assert.equal(existsSync(join(fresh, 'src/generated')), false, 'start leaves a project without generated types alone')
  await serve('macaron dev', fresh, async () => undefined)
  assert.match(readFileSync(join(fresh, 'src/generated/index.ts'), 'utf8'), /interface MacaronApis/, 'dev created them')
})

test('macaron start --mock answers operations without handlers from the spec', async () => {
  const dir = project()
  const [pets, pet] = await serve('macaron start --mock', dir, async (url) => [await fetch(`${url}/pets`), await fetch(`${url}/pets/1`)] as const)
  assert.equal(pets.status, 200)
  assert.ok(Array.isArray(await pets.json()))
  assert.equal(pet.status, 200)
  assert.equal(typeof ((await pet.json()) as { name?: unknown }).name, 'string')
})

test("docs/types.md's example: its committed types are fresh and its typed handlers serve the spec", async () => {
  await import('../../docs/examples/types/check.js')
})
