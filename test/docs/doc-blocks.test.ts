import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../../src/config/load.js'
import { formatProblem, loadApis, SpecError } from '../../src/spec/index.js'

// Every code block of the README and docs/ says how it is tested, in an HTML comment on the
// line before it, and this file runs that check:
//   <!-- doc-test: file PATH[#REGION] -->  the block is PATH (or its #region) verbatim; PATH is run
//                                         (a .ts file is imported, an API document loaded)
//   <!-- doc-test: config -->             a macaron.yaml that loadConfig accepts
//   <!-- doc-test: spec -->               an OpenAPI document that loads
//   <!-- doc-test: error-body -->         an error body with exactly the standard fields
//   <!-- doc-test: spec-errors DIR -->    exactly the problems that loading DIR/apis reports
//   <!-- doc-test: shell FILE... -->      commands that these scripts or tests run (each appears in one)
const root = new URL('../../', import.meta.url).pathname
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]

interface Block {
  page: string
  line: number
  marker: string | undefined
  lang: string
  code: string
}

function blocks(page: string): Block[] {
  const lines = readFileSync(join(root, page), 'utf8').split('\n')
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i]!)
    if (!open) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!)
    const marker = /^<!-- doc-test: (.+) -->$/.exec(lines[start - 1] ?? '')?.[1]
    out.push({ page, line: start + 1, marker, lang: open[1] ?? '', code: body.join('\n') + '\n' })
  }
  return out
}

function region(text: string, name: string): string {
  const match = new RegExp(`// #region ${name}\\n([\\s\\S]*?)\\n\\s*// #endregion`).exec(text)
  assert.ok(match, `no #region ${name}`)
  const lines = match[1]!.split('\n')
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length))
  return lines.map((l) => l.slice(indent)).join('\n') + '\n'
}

const checks: Record<string, (block: Block, arg: string) => Promise<void>> = {
  async file(block, arg) {
    const [path, name] = arg.split('#') as [string, string | undefined]
    const text = readFileSync(join(root, path), 'utf8')
    assert.equal(block.code, name ? region(text, name) : text, `${block.page}:${block.line} differs from ${arg}`)
    if (path.endsWith('.ts')) await import(pathToFileURL(join(root, path)).href)
    else if (/\.(ya?ml|json)$/.test(path)) await loadApis(join(root, dirname(path)))
    else assert.fail(`${block.page}:${block.line}: no way to run ${path}`)
  },
  async config(block) {
    const dir = mkdtempSync(join(tmpdir(), 'macaron-doc-'))
    writeFileSync(join(dir, 'macaron.yaml'), block.code)
    const environ = Object.fromEntries([...block.code.matchAll(/\b([A-Z][A-Z0-9_]{2,})\b/g)].map((m) => [m[1]!, 'doc-test-secret']))
    loadConfig(dir, { environ })
  },
  async spec(block) {
    const dir = mkdtempSync(join(tmpdir(), 'macaron-doc-'))
    mkdirSync(join(dir, 'apis'))
    writeFileSync(join(dir, 'apis', 'doc.yaml'), block.code)
    await loadApis(join(dir, 'apis'))
  },
  async 'spec-errors'(block, arg) {
    const cwd = process.cwd()
    process.chdir(join(root, arg))
    try {
      await loadApis('apis')
      assert.fail(`${arg}: expected the documents to be refused`)
    } catch (error) {
      assert.ok(error instanceof SpecError, String(error))
      assert.equal(error.problems.map(formatProblem).join('\n') + '\n', block.code)
    } finally {
      process.chdir(cwd)
    }
  },
  async 'error-body'(block) {
    const body = JSON.parse(block.code) as Record<string, unknown>
    const fields = ['type', 'title', 'status', 'detail', 'error', 'error_description', 'error_id', 'request_id']
    assert.deepEqual(Object.keys(body).filter((k) => k !== 'errors'), fields)
  },
  async shell(block, arg) {
    const runners = arg.split(' ').map((file) => readFileSync(join(root, file), 'utf8'))
    const commands = block.code.split('\n').flatMap((l) => l.replace(/#.*$/, '').split('&&')).map((c) => c.trim()).filter(Boolean)
    for (const command of commands) {
      assert.ok(runners.some((text) => text.includes(command)), `${block.page}:${block.line}: '${command}' is run by none of ${arg}`)
    }
  },
}

for (const page of pages) {
  describe(page, () => {
    for (const block of blocks(page)) {
      test(`block at line ${block.line}`, async () => {
        assert.ok(block.marker, `${page}:${block.line}: code block without a <!-- doc-test: ... --> marker`)
        const [kind, ...rest] = block.marker.split(' ')
        const check = checks[kind!]
        assert.ok(check, `${page}:${block.line}: unknown doc-test kind ${kind}`)
        await check(block, rest.join(' '))
      })
    }
  })
}
