// Run by `npm run build` after tsc: writes the Ajv validators that start-up would otherwise
// compile (src/util/prebuilt-validator.ts) into dist/, next to the modules that load them.
// Each carries a digest of its schema, options and Ajv version; a stale one is not used.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = new URL('../dist/', import.meta.url)
const { metaStandalone } = await import(new URL('spec/meta-schema.js', dist).href)
const { configStandalone } = await import(new URL('config/validator.js', dist).href)

const outputs = {
  'spec/meta-validators/2.0.cjs': () => metaStandalone('2.0'),
  'spec/meta-validators/3.0.cjs': () => metaStandalone('3.0'),
  'spec/meta-validators/3.1.cjs': () => metaStandalone('3.1'),
  'config/config-validator.cjs': () => configStandalone(),
}
for (const [file, build] of Object.entries(outputs)) {
  const path = fileURLToPath(new URL(file, dist))
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, build())
}
