/** What a reporter receives: enough to find the failure in the logs, never a secret. */
export interface CrashReport {
  kind: 'request' | 'task' | 'summary'
  service: string
  env: string
  time: string
  error_id: string
  code: string
  message: string
  stack?: string
  user_id?: string
  request?: { method: string; url: string; request_id: string; operation_id?: string; headers: Record<string, string> }
  task?: { name: string; id?: string; attempt?: number }
  /** For kind 'summary': how many reports the rate limit held back, by code. */
  suppressed?: Record<string, number>
}

export type Reporter = { name: string; send(report: CrashReport): Promise<void> }
