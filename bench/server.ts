// One contender in its own process: `node --import tsx bench/server.ts <name> <port>`.
// Prints `ready <port>` once it serves; SIGTERM closes it.
import { contender } from './contenders/index.js'

const [name = '', port = '0'] = process.argv.slice(2)
const start = await contender(name).load()
const server = await start(Number(port))
process.stdout.write(`ready ${port}\n`)
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)))
