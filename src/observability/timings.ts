import { performance } from 'node:perf_hooks'

/** Milliseconds spent in each stage of one request, for the slow-call warning. */
export interface StageTimings {
  security: number
  validation: number
  handler: number
  persistence: number
  serialisation: number
}

export function newTimings(): StageTimings {
  return { security: 0, validation: 0, handler: 0, persistence: 0, serialisation: 0 }
}

export const now = (): number => performance.now()
