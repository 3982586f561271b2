import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'

const PACKAGES = ['fastify', 'ajv', 'fast-json-stringify', 'fastify-openapi-glue', 'express', 'express-openapi-validator', 'openapi-backend']

/** Date, machine, Node and package versions: the header of RESULTS.md. */
export function describeMachine(): string {
  const cpu = cpus()
  const versions = PACKAGES.map((p) => `${p} ${packageVersion(p)}`).join(', ')
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} core(s), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
    `- Node ${process.version}; wrk ${wrkVersion()}`,
    `- Macaron ${packageVersion('macaron')}; peers: ${versions}`,
  ].join('\n')
}

function packageVersion(name: string): string {
  try {
    const file = name === 'macaron' ? new URL('../../package.json', import.meta.url) : new URL(`../../node_modules/${name}/package.json`, import.meta.url)
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return '?'
  }
}

function wrkVersion(): string {
  try {
    execFileSync('wrk', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    // wrk -v prints its version and exits 1.
    const out = String((error as { stdout?: string }).stdout ?? '')
    return /wrk ([^\s]+)/.exec(out)?.[1] ?? '?'
  }
  return '?'
}
