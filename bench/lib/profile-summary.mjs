// node bench/lib/profile-summary.mjs PROFILE REQUESTS [TOP]: self time of a .cpuprofile per
// request, summed by what the code belongs to (a package under node_modules, Macaron's
// src/, Node's own `node:` modules, a native function, garbage collection, idle), then
// the TOP functions (default 40). Start-up code (module loading, tsx) is set apart.
import { readFileSync } from 'node:fs'

const [file, requestsArg, topArg] = process.argv.slice(2)
if (!file || !requestsArg) {
  console.error('usage: node bench/lib/profile-summary.mjs PROFILE REQUESTS [TOP]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8'))
const requests = Number(requestsArg)
const nodes = new Map(profile.nodes.map((n) => [n.id, n]))

function owner(url, name) {
  if (!url) return name.startsWith('(') ? name : `native ${name}`
  if (/node_modules\/(tsx|esbuild)\/|internal\/modules\/|internal\/bootstrap\//.test(url)) return 'start-up'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (pkg) return pkg[1]
  if (url.includes('/src/')) return 'macaron'
  if (url.startsWith('node:')) return 'node'
  return url.includes('/bench/') ? 'bench' : 'other'
}

const byOwner = new Map()
const byFunction = new Map()
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us)
profile.samples.forEach((id, i) => {
  const { callFrame } = nodes.get(id)
  const us = profile.timeDeltas[i] ?? 0
  const who = owner(callFrame.url, callFrame.functionName)
  add(byOwner, who, us)
  add(byFunction, `${who}: ${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/.*\//, '')}:${callFrame.lineNumber + 1}`, us)
})
const print = (map, count) => {
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${(us / requests).toFixed(3).padStart(9)} µs/request  ${key}`)
}
console.log(`self time per request over ${requests} requests (${file})`)
print(byOwner, 25)
console.log('')
print(byFunction, Number(topArg ?? 40))
