import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatProblem, operationsOf } from '../../src/spec/index.js'
import { toPointer } from '../../src/spec/problems.js'

test('operationsOf lists the HTTP methods of each path item in document order, skipping the rest', () => {
  const doc = {
    paths: {
      '/b': {
        summary: 'not an operation',
        parameters: [],
        post: { operationId: 'postB' },
        'x-get': { operationId: 'not an operation either' },
        get: { operationId: 'getB' },
        trace: { operationId: 'traceB' },
        query: { operationId: 'not one of the 8 methods' },
      },
      '/a/{id}': { delete: { operationId: 'deleteA' } },
      '/shared': { $ref: '#/components/pathItems/Shared' },
    },
    components: { pathItems: { Shared: { head: { operationId: 'headShared' } } } },
  }
  assert.deepEqual(
    operationsOf(doc).map((o) => [o.method, o.path, o.operation.operationId, toPointer(o.tokens)]),
    [
      ['post', '/b', 'postB', '/paths/~1b/post'],
      ['get', '/b', 'getB', '/paths/~1b/get'],
      ['trace', '/b', 'traceB', '/paths/~1b/trace'],
      ['delete', '/a/{id}', 'deleteA', '/paths/~1a~1{id}/delete'],
      ['head', '/shared', 'headShared', '/components/pathItems/Shared/head'],
    ],
  )
  assert.deepEqual(operationsOf({}), [])
})

test('formatProblem writes file:line:column, marks warnings, and names the pointer', () => {
  const file = `${process.cwd()}/apis/pets.yaml`
  assert.equal(
    formatProblem({ severity: 'error', file, line: 14, column: 9, pointer: '/paths/~1pets/get/responses', message: 'paths./pets.get.responses must have at least one response' }),
    'apis/pets.yaml:14:9: paths./pets.get.responses must have at least one response (at /paths/~1pets/get/responses)',
  )
  assert.equal(formatProblem({ severity: 'warning', file: '/elsewhere/x.yaml', line: 3, message: 'hm' }), '/elsewhere/x.yaml:3: warning: hm')
  assert.equal(formatProblem({ severity: 'error', file: '/elsewhere/apis', message: 'the APIs folder does not exist' }), '/elsewhere/apis: the APIs folder does not exist')
})
