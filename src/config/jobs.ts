// The `jobs` section of macaron.yaml: where background tasks run (docs/tasks.md) and the
// defaults every defineTask() call may override.

export const jobsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    backend: { enum: ['inprocess', 'bullmq'], default: 'inprocess' },
    // Modules that define tasks, imported at start-up so that a worker knows every task (cron ones too).
    tasks: { type: 'string', default: 'src/tasks' },
    concurrency: { type: 'integer', minimum: 1, default: 5 },
    attempts: { type: 'integer', minimum: 1, default: 3 },
    backoff_ms: { type: 'integer', minimum: 0, default: 1000 },
    // 0: no limit.
    timeout_ms: { type: 'integer', minimum: 0, default: 0 },
    // inprocess: tasks waiting or running at most; more are refused with 503 TASK_QUEUE_FULL.
    max_pending: { type: 'integer', minimum: 1, default: 10000 },
    // Failed jobs kept for `macaron jobs failed` (bullmq) or in memory (inprocess).
    keep_failed: { type: 'integer', minimum: 0, default: 1000 },
    redis: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        url: { type: 'string', pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' },
        // Name of an env_secrets entry holding the URL (with its password); wins over url.
        url_secret: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        // Key prefix of every queue: two services (or test runs) on one Redis keep apart.
        prefix: { type: 'string', pattern: '^[A-Za-z0-9_.:-]+$' },
        connect_timeout_ms: { type: 'integer', minimum: 1, default: 2000 },
        // A worker killed mid-job holds it this long before another worker runs it again.
        lock_ms: { type: 'integer', minimum: 100, default: 30000 },
      },
    },
  },
} as const

export type JobsBackend = 'inprocess' | 'bullmq'

export interface JobsConfig {
  backend: JobsBackend
  tasks: string
  concurrency: number
  attempts: number
  backoff_ms: number
  timeout_ms: number
  max_pending: number
  keep_failed: number
  redis: { url: string; url_secret?: string; prefix?: string; connect_timeout_ms: number; lock_ms: number }
}
