import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config/load.js'

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'macaron-config-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

test('defaults apply when there is no macaron.yaml', () => {
  const dir = project({})
  const config = loadConfig(dir, { environ: {} })
  assert.equal(config.port, 8080)
  assert.equal(config.env, 'dev')
  assert.equal(config.body_limit, 1024 * 1024)
  assert.equal(config.error_content_type, 'application/problem+json')
  assert.deepEqual(config.log, { level: 'info' }, 'pretty is decided by the environment and the terminal')
  assert.match(config.name, /^macaron-config-/)
})

test('the environment overlay wins over macaron.yaml, and MACARON_* and PORT over both', () => {
  const dir = project({
    'macaron.yaml': 'name: svc\nport: 7000\nlog:\n  level: warn\nbody_limit: 2mb\n',
    'macaron.prod.yaml': 'port: 7100\nlog:\n  pretty: false\n',
  })
  assert.equal(loadConfig(dir, { environ: {} }).port, 7000)
  const prod = loadConfig(dir, { environ: { MACARON_ENV: 'prod' } })
  assert.equal(prod.port, 7100)
  assert.equal(prod.env, 'prod')
  assert.equal(prod.log.level, 'warn', 'nested keys merge instead of replacing the section')
  assert.equal(prod.body_limit, 2 * 1024 * 1024)
  assert.equal(loadConfig(dir, { environ: { MACARON_ENV: 'prod', PORT: '9000' } }).port, 9000)
  const env = loadConfig(dir, { environ: { MACARON_PORT: '9100', MACARON_LOG__LEVEL: 'debug' } })
  assert.equal(env.port, 9100)
  assert.equal(env.log.level, 'debug')
})

test('a wrong setting is refused with the file, line and what is wrong', () => {
  const dir = project({ 'macaron.yaml': 'name: svc\n\nport: eighty\nlgo:\n  level: info\n' })
  assert.throws(
    () => loadConfig(dir, { environ: {} }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError)
      const text = error.message
      assert.match(text, /macaron\.yaml:3:7: port must be integer/)
      assert.match(text, /macaron\.yaml:1:1: the configuration 'lgo' is not a setting/)
      return true
    },
  )
})

test('a bad value from the environment names the variable', () => {
  const dir = project({ 'macaron.yaml': 'name: svc\n' })
  assert.throws(() => loadConfig(dir, { environ: { PORT: 'abc' } }), /environment variable PORT: port must be integer/)
  // Read as YAML, as macaron.yaml is: a mapping, a list, a number; broken YAML names the variable.
  const config = loadConfig(dir, { environ: { MACARON_CORS: '{origins: [https://a.example], credentials: true}', MACARON_BODY_LIMIT: '2048' } })
  assert.deepEqual(config.cors, { origins: ['https://a.example'], credentials: true })
  assert.equal(config.body_limit, 2048)
  assert.throws(() => loadConfig(dir, { environ: { MACARON_CORS: '{origins: [https://a.example' } }), /environment variable MACARON_CORS: not a YAML value \(/)
})

test('a missing env_secrets variable stops start-up naming it; present ones are read', () => {
  const dir = project({ 'macaron.yaml': 'name: svc\nenv_secrets: [JWT_SECRET, DB_PASSWORD]\n' })
  assert.throws(() => loadConfig(dir, { environ: { JWT_SECRET: 's3cret-value' } }), /DB_PASSWORD is not set; it is listed in env_secrets/)
  const config = loadConfig(dir, { environ: { JWT_SECRET: 's3cret-value', DB_PASSWORD: 'pw-1234' } })
  assert.deepEqual(config.secrets, { JWT_SECRET: 's3cret-value', DB_PASSWORD: 'pw-1234' })
})

test('a YAML syntax error in the config names file and line', () => {
  const dir = project({ 'macaron.yaml': 'name: svc\nport: [1,\n' })
  assert.throws(() => loadConfig(dir, { environ: {} }), /macaron\.yaml:\d+:\d+: /)
})
