import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../support/ports.js'

const root = new URL('../../', import.meta.url).pathname

async function waitFor(url: string, deadline = Date.now() + 20_000): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url)
    } catch (error) {
      if (Date.now() > deadline) throw error
      await sleep(100)
    }
  }
}

// The README's quick start: `npm start` serves the example on the embedded defaults.
test('npm start serves the example on the embedded defaults', async () => {
  const port = await freePort()
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, PORT: String(port), MACARON_LOG__LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  try {
    const ping = await waitFor(`http://127.0.0.1:${port}/ping`)
    assert.equal(ping.status, 200, output)
    assert.deepEqual(await ping.json(), {})
    const version = (await (await fetch(`http://127.0.0.1:${port}/version`)).json()) as { name: string }
    assert.equal(version.name, 'profiles')
    const docs = await fetch(`http://127.0.0.1:${port}/docs`)
    assert.match(await docs.text(), /swagger-ui-bundle\.js/)
    const asset = await fetch(`http://127.0.0.1:${port}/docs/assets/swagger-ui-bundle.js`)
    assert.equal(asset.status, 200)
    assert.ok((await asset.arrayBuffer()).byteLength > 100_000, 'the docs page assets are served locally')
  } finally {
    // npm runs node as a child: signal the whole process group, as a container runtime would.
    process.kill(-child.pid!, 'SIGTERM')
  }
  await exited
})

test('SIGTERM drains an in-flight request, refuses nothing already accepted, and exits 0', async () => {
  const port = await freePort()
  const child = spawn(process.execPath, ['bin/macaron.js', 'start', 'test/fixtures/cli/slow', '--port', String(port)], { cwd: root, env: { ...process.env, MACARON_LOG__LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  await waitFor(`http://127.0.0.1:${port}/ping`)
  const inFlight = fetch(`http://127.0.0.1:${port}/slow`)
  await sleep(150)
  child.kill('SIGTERM')
  const res = await inFlight
  assert.equal(res.status, 200)
  assert.deepEqual(await res.json(), { done: true })
  assert.equal(await exited, 0, output)
  assert.match(output, /draining in-flight requests/)
  await assert.rejects(fetch(`http://127.0.0.1:${port}/ping`), 'the port is closed after shutdown')
})

test('macaron start with a broken spec fails with the file and line', async () => {
  const child = spawn(process.execPath, ['bin/macaron.js', 'start', 'test/fixtures/cli/broken-yaml'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  assert.equal(code, 1)
  assert.match(stderr, /broken\.yaml:\d+:\d+: /)
})

test('macaron lint examples/profiles passes and reports counts', async () => {
  const child = spawn(process.execPath, ['bin/macaron.js', 'lint', 'examples/profiles'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  assert.equal(code, 0, stdout)
  assert.match(stdout, /1 API\(s\), 5 operation\(s\): 0 error\(s\)/)
})
