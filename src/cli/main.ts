import { Command, Option } from 'commander'
import { readFileSync } from 'node:fs'
import { generateCommand } from './generate/command.js'
import { createTablesCommand, statusCommand } from './db/command.js'
import { lintCommand } from './lint/command.js'
import { prepareCommand } from './prepare/command.js'
import { startCommand } from './start/command.js'
import { workerCommand } from './worker/command.js'
import { failedCommand, retryCommand } from './jobs/command.js'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

const program = new Command('macaron').description('Spec-first microservices: an OpenAPI document plus handlers make a service').version(pkg.version)

program
  .command('start')
  .description('serve the project: every apis/*.yaml, with its handlers')
  .argument('[dir]', 'project folder', '.')
  .option('-p, --port <port>', 'port to listen on (default: config port, PORT, 8080)')
  .option('-H, --host <host>', 'address to bind (default: config host, 0.0.0.0)')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .option('-w, --workers <n>', "worker processes sharing the port (node:cluster), or 'auto' for one per core")
  .option('--mock', 'answer operations that have no handler with examples from the spec')
  .action(async (dir: string, options: { port?: string; host?: string; env?: string; workers?: string; mock?: boolean }) => {
    process.exitCode = await startCommand(dir, options)
  })

program
  .command('dev')
  .description('start for development: pretty logs, generated types kept up to date')
  .argument('[dir]', 'project folder', '.')
  .option('-p, --port <port>', 'port to listen on (default: config port, PORT, 8080)')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .option('--mock', 'answer operations that have no handler with examples from the spec')
  .action(async (dir: string, options: { port?: string; env?: string; mock?: boolean }) => {
    process.exitCode = await startCommand(dir, { ...options, dev: true })
  })

program
  .command('generate')
  .description('write the TypeScript types of every API (generate.out, default src/generated)')
  .argument('[dir]', 'project folder', '.')
  .option('--check', 'write nothing; exit 1 when the generated files are stale (CI)')
  .option('-o, --out <folder>', 'output folder, relative to the project (overrides generate.out)')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { check?: boolean; out?: string; env?: string }) => {
    process.exitCode = await generateCommand(dir, options)
  })

program
  .command('lint')
  .description('check the API documents: errors with file and line, and warnings')
  .argument('[dir]', 'project folder', '.')
  .option('--strict', 'exit non-zero on warnings too')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { strict?: boolean; env?: string }) => {
    process.exitCode = await lintCommand(dir, options)
  })

program
  .command('prepare')
  .description('keep what the next start may skip: each document\'s passed checks, and a prepared form of each large one (run in an image\'s build)')
  .argument('[dir]', 'project folder', '.')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { env?: string }) => {
    process.exitCode = await prepareCommand(dir, options)
  })

const db = program.command('db').description('the tables of the x-persist schemas (persistence.backend in the config)')
db.command('create-tables')
  .description('create the missing tables: keys, indexes, TTL (on-demand billing on DynamoDB)')
  .argument('[dir]', 'project folder', '.')
  .option('--dry-run', 'print the plan, change nothing')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { dryRun?: boolean; env?: string }) => {
    process.exitCode = await createTablesCommand(dir, options)
  })
db.command('status')
  .description('list the tables: ok, missing, or different from the spec (exit 1 unless all ok)')
  .argument('[dir]', 'project folder', '.')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { env?: string }) => {
    process.exitCode = await statusCommand(dir, options)
  })

program
  .command('worker')
  .description('run the background tasks from Redis (jobs.backend: bullmq) until SIGTERM')
  .argument('[dir]', 'project folder', '.')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { env?: string }) => {
    process.exitCode = await workerCommand(dir, options)
  })

const jobs = program.command('jobs').description('the task queue on Redis (jobs.backend: bullmq)')
jobs.command('failed')
  .description('list the jobs whose last attempt failed, newest first')
  .argument('[dir]', 'project folder', '.')
  .option('-n, --limit <n>', 'how many', '50')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { env?: string; limit?: string }) => {
    process.exitCode = await failedCommand(dir, options)
  })
jobs.command('retry')
  .description('run failed jobs again: the ids given, or --all')
  .argument('[ids...]', 'job ids, as macaron jobs failed lists them')
  .option('-C, --dir <dir>', 'project folder', '.')
  .option('--all', 'every failed job')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (ids: string[], options: { dir: string; env?: string; all?: boolean }) => {
    process.exitCode = await retryCommand(options.dir, ids, options)
  })

await program.parseAsync(process.argv)
