import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import ts from 'typescript'

// The files in test/types/fail must not compile, and fail exactly where they say: each line
// ending in `// error TSxxxx` is where tsc reports that code, and tsc reports nothing else.
// (test/types/pass and the generated types compile with the rest of the project.)
const root = new URL('../../', import.meta.url).pathname
const failDir = join(root, 'test/types/fail')

function compilerOptions(): ts.CompilerOptions {
  const read = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root).options
}

function expected(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => [...line.matchAll(/\/\/ error (TS\d+)/g)].map((m) => `${i + 1} ${m[1]}`))
}

for (const name of readdirSync(failDir).filter((f) => f.endsWith('.ts'))) {
  test(`test/types/fail/${name} fails to compile exactly where it says`, () => {
    const file = join(failDir, name)
    const program = ts.createProgram([file], { ...compilerOptions(), noEmit: true })
    const diagnostics = ts.getPreEmitDiagnostics(program)
    const elsewhere = diagnostics.filter((d) => d.file?.fileName !== file)
    assert.deepEqual(elsewhere.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'errors outside the file')
    const actual = diagnostics.map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1} TS${d.code}`)
    assert.deepEqual(actual.sort(), expected(file).sort())
  })
}
