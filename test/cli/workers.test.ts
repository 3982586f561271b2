import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../support/ports.js'

const root = new URL('../../', import.meta.url).pathname

/** Polls until `check` holds (on the output collected so far), or fails after the deadline. */
async function until(what: string, check: () => boolean, deadline = Date.now() + 20_000): Promise<void> {
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

const listeningPids = (output: string) => [...output.matchAll(/"worker_pid":(\d+)[^\n]*"msg":"worker listening"/g)].map((m) => Number(m[1]))

test('--workers 2: a killed worker is replaced, and SIGTERM drains every worker', async () => {
  const port = await freePort()
  const child = spawn(process.execPath, ['bin/macaron.js', 'start', 'test/fixtures/cli/slow', '--port', String(port), '--workers', '2'], {
    cwd: root,
    env: { ...process.env, MACARON_LOG__LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    await until('two workers listening', () => listeningPids(output).length === 2)
    const [first, second] = listeningPids(output)
    assert.notEqual(first, second)
    assert.equal((await fetch(`http://127.0.0.1:${port}/ping`)).status, 200)

    process.kill(first!, 'SIGKILL')
    await until('a replacement worker', () => listeningPids(output).length === 3)
    assert.match(output, /worker died; starting a replacement/)
    const replacement = listeningPids(output)[2]!
    assert.ok(![first, second].includes(replacement))
    // Both live workers answer (round-robin): a run of requests all succeed.
    for (let i = 0; i < 6; i++) assert.equal((await fetch(`http://127.0.0.1:${port}/ping`)).status, 200)

    const inFlight = fetch(`http://127.0.0.1:${port}/slow`)
    await sleep(150)
    child.kill('SIGTERM')
    const res = await inFlight
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { done: true })
    assert.equal(await exited, 0, output)
    assert.match(output, /every worker drains its in-flight requests/)
    await assert.rejects(fetch(`http://127.0.0.1:${port}/ping`), 'the port is closed after shutdown')
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
})

test('--workers with a broken spec stops instead of restarting workers forever', async () => {
  const child = spawn(process.execPath, ['bin/macaron.js', 'start', 'test/fixtures/cli/broken-yaml', '--workers', '2', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  assert.equal(code, 1, output)
  assert.match(output, /broken\.yaml:\d+:\d+: /)
})

test('--workers refuses a count that is not one', async () => {
  const child = spawn(process.execPath, ['bin/macaron.js', 'start', 'test/fixtures/cli/slow', '--workers', 'two'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  assert.equal(code, 2)
  assert.match(stderr, /--workers must be an integer/)
})
