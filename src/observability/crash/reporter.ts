import type { Logger } from 'pino'
import { crashReports } from '../metrics.js'
import type { CrashReport, Reporter } from './types.js'

const WINDOW_MS = 60_000

/**
 * Sends crash reports to every configured reporter, at most `maxPerMinute` a minute: in a
 * storm the rest are counted, and one summary per minute says how many were held back and
 * of which codes, instead of thousands of posts. Sending never throws or blocks the
 * request that crashed; a reporter that fails is logged.
 */
export class CrashReporter {
  private sent = 0
  private suppressed = new Map<string, number>()
  private windowTimer: NodeJS.Timeout | undefined
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly reporters: Reporter[],
    private readonly maxPerMinute: number,
    private readonly log: Logger,
    private readonly base: { service: string; env: string },
    /** Values that must never leave the process (env_secrets), masked in every report. */
    private readonly secrets: string[] = [],
  ) {}

  report(report: Omit<CrashReport, 'service' | 'env' | 'time'>): void {
    if (this.reporters.length === 0) return
    this.startWindow()
    if (this.sent >= this.maxPerMinute) {
      this.suppressed.set(report.code, (this.suppressed.get(report.code) ?? 0) + 1)
      for (const r of this.reporters) crashReports.inc({ reporter: r.name, outcome: 'suppressed' })
      return
    }
    this.sent++
    this.dispatch({ ...report, ...this.base, time: new Date().toISOString() })
  }

  /** Waits for reports in flight, and sends the summary of the current window (shutdown, tests). */
  async flush(): Promise<void> {
    this.closeWindow()
    await Promise.all([...this.pending])
  }

  private dispatch(unmasked: CrashReport): void {
    const report = this.mask(unmasked)
    for (const reporter of this.reporters) {
      const sending = reporter.send(report).then(
        () => void crashReports.inc({ reporter: reporter.name, outcome: 'sent' }),
        (error: unknown) => {
          crashReports.inc({ reporter: reporter.name, outcome: 'failed' })
          this.log.warn({ err: error, reporter: reporter.name, error_id: report.error_id }, 'crash reporter failed')
        },
      )
      this.pending.add(sending)
      void sending.finally(() => this.pending.delete(sending))
    }
  }

  private mask(report: CrashReport): CrashReport {
    let text = JSON.stringify(report)
    for (const secret of this.secrets) if (secret.length >= 4) text = text.split(JSON.stringify(secret).slice(1, -1)).join('[SECRET]')
    return JSON.parse(text) as CrashReport
  }

  private startWindow(): void {
    if (this.windowTimer) return
    this.windowTimer = setTimeout(() => this.closeWindow(), WINDOW_MS)
    this.windowTimer.unref()
  }

  private closeWindow(): void {
    if (this.windowTimer) clearTimeout(this.windowTimer)
    this.windowTimer = undefined
    this.sent = 0
    if (this.suppressed.size === 0) return
    const suppressed = Object.fromEntries(this.suppressed)
    this.suppressed = new Map()
    const total = Object.values(suppressed).reduce((a, b) => a + b, 0)
    this.dispatch({
      kind: 'summary',
      ...this.base,
      time: new Date().toISOString(),
      error_id: '',
      code: 'CRASH_SUMMARY',
      message: `${total} more crash report(s) were held back by the rate limit (${this.maxPerMinute} a minute)`,
      suppressed,
    })
  }
}
