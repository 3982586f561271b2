// `npm run bench [-- flags]`: runs the benchmark suites and rewrites bench/RESULTS.md.
//   --suite http,workers,startup,persistence   (default: http,workers,startup, plus
//                                              persistence when bench/persistence/ exists)
//   --contenders macaron,fastify-schemas,...    (default: all; see bench/contenders/index.ts)
//   --rounds 3 --duration 5 --warmup 2 --connections 50
//   --window 2 --windows 3                      http: each contender measured in windows of 2 s,
//                                               3 per operation and round, taking turns (order shuffled)
//   --quick                                     smoke run: 1 round, 1 s per operation
//   --out bench/RESULTS.md                      (--out - prints instead of writing)
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_CONTENDERS, runHttpSuite } from './suites/http.js'
import { runStartupSuite } from './suites/startup.js'
import { runWorkersSuite } from './suites/workers.js'
import { describeMachine } from './lib/machine.js'
import { SECTIONS, sectionKey, writeResults, type Section } from './lib/results-file.js'
import { contender } from './contenders/index.js'

const PERSISTENCE = fileURLToPath(new URL('./persistence/index.ts', import.meta.url))
const { values } = parseArgs({
  options: {
    suite: { type: 'string' },
    contenders: { type: 'string' },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    window: { type: 'string' },
    windows: { type: 'string' },
    connections: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('./RESULTS.md', import.meta.url)) },
  },
})

const quick = values.quick
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v))
const suites = (values.suite?.split(',') ?? ['http', 'workers', 'startup', ...(existsSync(PERSISTENCE) ? ['persistence'] : [])]) as Section[]
for (const s of suites) if (!SECTIONS.includes(s)) throw new Error(`unknown suite '${s}'; known: ${SECTIONS.join(', ')}`)
const contenders = values.contenders?.split(',') ?? DEFAULT_CONTENDERS
contenders.forEach(contender)
const common = {
  seconds: num(values.duration, quick ? 1 : 5),
  warmupSeconds: num(values.warmup, 2),
  connections: num(values.connections, 50),
  log: (line: string) => console.log(line),
}
const log = common.log

const header = describeMachine()
const fresh: Record<string, string> = {}
let failed = false
for (const suite of suites) {
  log(`== ${suite}`)
  try {
    fresh[sectionKey(suite)] = await runSuite(suite)
  } catch (error) {
    // One broken suite must not throw away the minutes the others took.
    failed = true
    console.error(error)
    fresh[sectionKey(suite)] = `_The ${suite} suite failed: ${String((error as Error).message ?? error).split('\n')[0]}_`
  }
  if (values.out === '-') console.log(`\n## ${suite}\n\n${header}\n\n${fresh[sectionKey(suite)]}`)
  else writeResults(values.out, header, fresh)
}
if (values.out !== '-') log(`wrote ${values.out}`)
process.exitCode = failed ? 1 : 0

function runSuite(suite: Section): Promise<string> {
  switch (suite) {
    case 'http':
      return runHttpSuite({
        ...common,
        contenders,
        rounds: num(values.rounds, quick ? 1 : 3),
        seconds: num(values.window, quick ? 1 : 2),
        windows: num(values.windows, quick ? 1 : 3),
        serverCpu: '0',
        loadCpu: '1',
      })
    case 'workers':
      return runWorkersSuite({ ...common, rounds: num(values.rounds, quick ? 1 : 2) })
    case 'startup':
      return runStartupSuite({ ...common, quick })
    case 'persistence':
      return runPersistence()
  }
}

/**
 * The persistence suite lives in bench/persistence/ (its own owner): its index.ts exports
 * `run({ quick, seconds, log })` resolving to a markdown section.
 */
async function runPersistence(): Promise<string> {
  if (!existsSync(PERSISTENCE)) return '_Not run: bench/persistence/index.ts does not exist yet._'
  const mod = (await import(pathToFileURL(PERSISTENCE).href)) as { run?: (o: { quick: boolean; seconds: number; log: (l: string) => void }) => Promise<string | void> }
  if (typeof mod.run !== 'function') return '_Not run: bench/persistence/index.ts exports no run() function._'
  return (await mod.run({ quick, seconds: common.seconds, log })) ?? '_The persistence suite returned no report._'
}
