/** A check that the service can do its work: resolves when ready, throws (with why) when not. */
export type ReadinessCheck = () => Promise<void>

const TIMEOUT_MS = 2000

/**
 * The readiness checks behind /ready (persistence reachable, queue reachable ...), added
 * by the subsystems at start-up. They run concurrently, each bounded in time, so a hung
 * dependency makes /ready answer 503 quickly instead of hanging the orchestrator's probe.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>()

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check)
  }

  async run(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)
        })
        try {
          await Promise.race([check(), timeout])
          return [name, 'ok'] as const
        } catch (error) {
          return [name, error instanceof Error ? error.message : String(error)] as const
        } finally {
          clearTimeout(timer)
        }
      }),
    )
    return { ready: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) }
  }
}
