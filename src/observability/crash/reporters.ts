import type { Logger } from 'pino'
import type { MacaronConfig } from '../../config/schema.js'
import { ConfigError } from '../../config/load.js'
import { bindFunction } from '../../pipeline/bind.js'
import type { CrashReport, Reporter } from './types.js'

/** The reporters macaron.yaml asks for: the log, a webhook, a user function. */
export async function configuredReporters(config: MacaronConfig, log: Logger): Promise<Reporter[]> {
  const settings = config.crash_reports
  const reporters: Reporter[] = []
  if (settings.log) reporters.push({ name: 'log', send: async (r) => void log.error({ crash: r }, `crash report ${r.code} ${r.error_id}`) })
  if (settings.webhook) reporters.push(webhookReporter(config, settings.webhook))
  if (settings.function) {
    const fn = await bindFunction(settings.function, config.dir)
    if (typeof fn === 'string') throw new ConfigError([`crash_reports.function '${settings.function}' ${fn}`])
    reporters.push({ name: 'function', send: async (r) => void (await (fn as unknown as (r: CrashReport) => unknown)(r)) })
  }
  return reporters
}

function webhookReporter(config: MacaronConfig, webhook: NonNullable<MacaronConfig['crash_reports']['webhook']>): Reporter {
  let url = webhook.url
  if (webhook.url_secret !== undefined) {
    url = config.secrets[webhook.url_secret]
    if (url === undefined) throw new ConfigError([`crash_reports.webhook.url_secret names ${webhook.url_secret}, which is not listed in env_secrets`])
  }
  if (url === undefined) throw new ConfigError(['crash_reports.webhook needs url or url_secret'])
  const target = url
  return {
    name: 'webhook',
    async send(report) {
      // Slack-compatible: `text` is what a chat channel shows; the rest is for machines.
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: summaryLine(report), report }),
        signal: AbortSignal.timeout(webhook.timeout_ms),
      })
      if (!response.ok) throw new Error(`webhook answered ${response.status}`)
    },
  }
}

function summaryLine(r: CrashReport): string {
  const where = r.request ? ` on ${r.request.method} ${r.request.url}` : r.task ? ` in task ${r.task.name}` : ''
  return `[${r.service}/${r.env}] ${r.code}${where}: ${r.message} (error_id ${r.error_id || '-'})`
}
