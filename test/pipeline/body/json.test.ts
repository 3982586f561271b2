import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { jsonErrorOffset, parseJson } from '../../../src/pipeline/body/json.js'

describe('parseJson', () => {
  it('returns what JSON.parse returns for valid text', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"],"b":{}}'
    assert.deepEqual(parseJson(text), JSON.parse(text))
  })

  it('does not flag look-alikes: a value "__proto__", or constructor without prototype', () => {
    assert.deepEqual(parseJson('{"k":"__proto__","constructor":{"name":1}}'), { k: '__proto__', constructor: { name: 1 } })
  })

  it('names the forbidden key under a field prefix', () => {
    assert.throws(() => parseJson('[{"constructor":{"prototype":{}}}]', 'meta'), (err: { details: { field: string }[] }) => {
      assert.equal(err.details[0]?.field, 'meta[0].constructor.prototype')
      return true
    })
  })
})

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse, and with V8 where V8 gives a position', () => {
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', 'u', '0', '1', '-', '.', 'e', '+', ' ', 'a', 'true', 'null', '\n', '"k"', '"\\u0041"', '12', '\x01']
    for (let n = 0; n < 20000; n++) {
      let text = ''
      const length = 1 + Math.floor(random() * 8)
      for (let k = 0; k < length; k++) text += pieces[Math.floor(random() * pieces.length)]
      let message: string | undefined
      try {
        JSON.parse(text)
      } catch (err) {
        message = (err as Error).message
      }
      const offset = jsonErrorOffset(text)
      assert.equal(offset < 0, message === undefined, JSON.stringify(text))
      const v8 = message && /at position (\d+)/.exec(message)
      if (v8) assert.equal(offset, Number(v8[1]), JSON.stringify(text))
    }
  })

  it('handles deep nesting without recursion', () => {
    const deep = '['.repeat(200000) + ']'.repeat(199999)
    assert.equal(jsonErrorOffset(deep), deep.length)
  })
})
