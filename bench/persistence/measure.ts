// Latency of one operation at a time (no concurrency: the cost each layer adds to a call),
// measured in interleaved slices so that drift on a shared machine hits every variant alike.
import { median } from '../lib/stats.js'

export interface Variant {
  name: string
  op: () => Promise<unknown> | unknown
}

export interface Timing {
  name: string
  ops: number
  meanUs: number
  p50Us: number
}

async function slice(op: Variant['op'], ms: number, samples: number[]): Promise<void> {
  const end = performance.now() + ms
  while (performance.now() < end) {
    const start = performance.now()
    await op()
    samples.push((performance.now() - start) * 1000)
  }
}

export async function compare(variants: Variant[], seconds: number, slices = 5): Promise<Timing[]> {
  for (const v of variants) for (let i = 0; i < 50; i++) await v.op()
  const samples = variants.map(() => [] as number[])
  for (let s = 0; s < slices; s++) {
    for (const [i, v] of variants.entries()) await slice(v.op, (seconds * 1000) / slices, samples[i] as number[])
  }
  return variants.map((v, i) => {
    const list = samples[i] as number[]
    return { name: v.name, ops: list.length, meanUs: list.reduce((a, b) => a + b, 0) / list.length, p50Us: median(list) }
  })
}
