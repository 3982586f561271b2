// Keeps the benchmark from rotting: every contender starts and serves the three operations
// as the spec says, and Macaron refuses every invalid request. No timing is asserted here;
// `npm run bench` measures.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CONTENDERS } from '../../bench/contenders/index.js'
import { checkOperations, sendInvalid } from '../../bench/lib/correctness.js'
import { freePort } from '../../bench/lib/server-process.js'

for (const contender of CONTENDERS) {
  test(`bench contender ${contender.name} answers the three operations`, async () => {
    const port = await freePort()
    const server = await (await contender.load())(port)
    try {
      await checkOperations(`http://127.0.0.1:${port}`)
      if (contender.name === 'macaron') {
        const outcomes = await sendInvalid(`http://127.0.0.1:${port}`)
        assert.deepEqual(outcomes.filter((o) => o.status !== 400), [], 'Macaron answers 400 to every invalid request')
      }
    } finally {
      await server.close()
    }
  })
}
