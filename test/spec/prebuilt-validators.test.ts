import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { configSchema } from '../../src/config/schema.js'
import { configStandalone, type ConfigValidate } from '../../src/config/validator.js'
import { metaProblems } from '../../src/spec/meta-errors.js'
import { fromPrebuilt, metaStandalone, metaValidator, type MetaValidate } from '../../src/spec/meta-schema.js'
import { SourceSet } from '../../src/spec/sources.js'
import type { SourceVersion } from '../../src/spec/types.js'
import { evaluateModule, loadPrebuilt, validatorDigest } from '../../src/util/prebuilt-validator.js'
import { parseSource } from '../../src/util/yaml-source.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/spec/', import.meta.url))

function documents(): Array<{ file: string; text: string; value: Record<string, unknown>; version: SourceVersion }> {
  const out: Array<{ file: string; text: string; value: Record<string, unknown>; version: SourceVersion }> = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name)
      if (statSync(file).isDirectory()) walk(file)
      else if (/\.(ya?ml|json)$/.test(name)) {
        const text = readFileSync(file, 'utf8')
        let value: unknown
        try {
          value = parseSource(file, text).value
        } catch {
          continue
        }
        if (value === null || typeof value !== 'object') continue
        const doc = value as Record<string, unknown>
        const version = doc.swagger === '2.0' ? '2.0' : /^3\.0\./.test(String(doc.openapi)) ? '3.0' : /^3\.1\./.test(String(doc.openapi)) ? '3.1' : undefined
        if (version) out.push({ file, text, value: doc, version })
      }
    }
  }
  walk(FIXTURES)
  return out
}

test('the prebuilt meta-schema validators find and word the same problems as the compiled ones', () => {
  const prebuilt = new Map<SourceVersion, ReturnType<typeof fromPrebuilt>>()
  for (const version of ['2.0', '3.0', '3.1'] as const) {
    const code = metaStandalone(version)
    assert.equal(metaStandalone(version), code, 'the build is reproducible')
    const digest = /module\.exports\.digest = "([0-9a-f]+)"/.exec(code)?.[1]
    assert.ok(digest)
    const module = evaluateModule<MetaValidate>(code, digest)
    assert.ok(module, `${version}: the module carries its digest`)
    prebuilt.set(version, fromPrebuilt(module))
  }
  let failing = 0
  for (const { file, text, value, version } of documents()) {
    const sources = new SourceSet(file)
    sources.add(parseSource(file, text))
    const problems = (v: { validate: MetaValidate; owners: WeakMap<object, string> }) =>
      v.validate(value) ? [] : metaProblems(sources, v.validate.errors ?? [], v.owners)
    const expected = problems(metaValidator(version))
    assert.deepEqual(problems(prebuilt.get(version)!), expected, file)
    if (expected.length > 0) failing++
  }
  assert.ok(failing >= 4, `only ${failing} documents with meta-schema problems were compared`)
})

test("the prebuilt macaron.yaml validator fills defaults and refuses the same settings as Ajv's compiled one", () => {
  const code = configStandalone()
  const digest = validatorDigest({ options: { allErrors: true, useDefaults: true, strict: false }, schema: configSchema })
  const module = evaluateModule<ConfigValidate>(code, digest)
  assert.ok(module, 'the module carries the digest of the schema it was built from')
  const compiled = new Ajv({ allErrors: true, useDefaults: true, strict: false }).compile(configSchema) as ConfigValidate
  const cases: Array<Record<string, unknown>> = [
    { name: 'svc', version: '1.0.0' },
    { name: 'svc', version: '1', port: 'eighty', unknown_setting: true, metrics: { path: 'metrics' } },
    { name: '', version: '1', log: { level: 'loud' } },
  ]
  for (const input of cases) {
    const [a, b] = [structuredClone(input), structuredClone(input)]
    assert.equal(module.validate(a), compiled(b))
    assert.deepEqual(a, b, 'the same defaults filled in')
    assert.deepEqual(module.validate.errors ?? null, compiled.errors ?? null)
  }
  const filled = structuredClone(cases[0]!)
  module.validate(filled)
  assert.equal(filled.port, 8080, 'defaults were filled')
})

test('a prebuilt module built from another schema, or missing, is not used', () => {
  const code = configStandalone()
  assert.equal(evaluateModule(code, validatorDigest({ schema: { type: 'object' } })), undefined)
  assert.equal(loadPrebuilt(import.meta.url, './no-such-validator.cjs', 'x'), undefined)
})
