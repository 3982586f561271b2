import { Command, Option } from 'commander'
import { readFileSync } from 'node:fs'
import { lintCommand } from './lint/command.js'
import { startCommand } from './start/command.js'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

const program = new Command('macaron').description('Spec-first microservices: an OpenAPI document plus handlers make a service').version(pkg.version)

program
  .command('start')
  .description('serve the project: every apis/*.yaml, with its handlers')
  .argument('[dir]', 'project folder', '.')
  .option('-p, --port <port>', 'port to listen on (default: config port, PORT, 8080)')
  .option('-H, --host <host>', 'address to bind (default: config host, 0.0.0.0)')
  .addOption(new Option('-e, --env <env>', 'environment: selects macaron.<env>.yaml').env('MACARON_ENV'))
  .action(async (dir: string, options: { port?: string; host?: string; env?: string }) => {
    process.exitCode = await startCommand(dir, options)
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

await program.parseAsync(process.argv)
