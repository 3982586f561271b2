import { createApp, type MacaronApp } from '../../app.js'
import { describeStartupError } from '../startup-error.js'

export interface JobsOptions {
  env?: string
  limit?: string
  all?: boolean
}

const out = (line: string) => process.stdout.write(line + '\n')

async function withApp(dir: string, options: JobsOptions, work: (app: MacaronApp) => Promise<number>): Promise<number> {
  let app: MacaronApp
  try {
    app = await createApp({ dir, logger: false, ...(options.env ? { env: options.env } : {}) })
  } catch (error) {
    process.stderr.write(describeStartupError(error) + '\n')
    return 1
  }
  try {
    if (app.config.jobs.backend !== 'bullmq') {
      out(`jobs.backend is '${app.config.jobs.backend}': failed tasks live in the memory of the serving process, not here`)
      return 2
    }
    return await work(app)
  } catch (error) {
    out(`macaron: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  } finally {
    await app.close()
  }
}

/** `macaron jobs failed`: the jobs whose last attempt failed, newest first. */
export function failedCommand(dir: string, options: JobsOptions): Promise<number> {
  return withApp(dir, options, async (app) => {
    const limit = Number(options.limit ?? 50)
    const failed = await app.jobs.queue.failed(Number.isInteger(limit) && limit > 0 ? limit : 50)
    for (const f of failed) {
      const when = f.failedAt ? new Date(f.failedAt).toISOString() : '-'
      out(`${f.id}\t${f.task}\t${when}\tattempts ${f.attempts}\trequest ${f.requestId ?? '-'}\t${f.reason}`)
    }
    out(`${failed.length} failed job(s)`)
    return 0
  })
}

/** `macaron jobs retry ID... | --all`: runs failed jobs again. */
export function retryCommand(dir: string, ids: string[], options: JobsOptions): Promise<number> {
  if (ids.length === 0 && !options.all) {
    process.stderr.write('macaron jobs retry: name the job ids (macaron jobs failed lists them), or --all\n')
    return Promise.resolve(2)
  }
  return withApp(dir, options, async (app) => {
    const count = await app.jobs.queue.retry(options.all ? undefined : ids)
    out(`${count} job(s) queued again`)
    return ids.length > 0 && count < ids.length ? 1 : 0
  })
}
