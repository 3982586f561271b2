#!/usr/bin/env node
// In a checkout of Macaron itself (tsconfig.json beside package.json) the CLI runs from
// the TypeScript sources, so that nothing needs building before `npm start` or the tests;
// an installed package runs its compiled dist/.
import { existsSync } from 'node:fs'
import * as nodeModule from 'node:module'

const checkout = existsSync(new URL('../tsconfig.json', import.meta.url))
if (checkout) {
  nodeModule.register('../scripts/source-condition.mjs', import.meta.url)
  const { register: registerTsx } = await import('tsx/esm/api')
  registerTsx()
  await import('../src/cli/main.ts')
} else {
  // Node 22.1+ keeps V8's compiled code of every module between runs (in the OS temp
  // folder): a restart skips most of the compiling of Macaron and its dependencies.
  nodeModule.enableCompileCache?.()
  await import('../dist/cli/main.js')
}
