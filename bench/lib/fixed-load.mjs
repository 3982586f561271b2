// node bench/lib/fixed-load.mjs URL COUNT [CONCURRENCY] [JSON_BODY]: exactly COUNT requests
// over keep-alive connections (for instruction counts per request under callgrind, where
// wrk's fixed duration would give a varying number of requests).
import http from 'node:http'
const [url, countArg, concArg, body] = process.argv.slice(2)
const count = Number(countArg)
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concArg ?? 8) })
let sent = 0
let bad = 0
function one() {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method: body ? 'POST' : 'GET', headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      if (res.statusCode >= 300) bad++
      res.resume().on('end', resolve)
    })
    req.on('error', reject)
    req.end(body)
  })
}
async function worker() {
  while (sent < count) {
    sent++
    await one()
  }
}
await Promise.all(Array.from({ length: Number(concArg ?? 8) }, worker))
agent.destroy()
console.log(`${count} requests, ${bad} not 2xx`)
