import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { matchRequestMediaType, negotiate, parseMediaType } from '../../../src/pipeline/body/media-type.js'

describe('parseMediaType', () => {
  it('lower-cases type, subtype and parameter names, keeps values, unquotes', () => {
    const m = parseMediaType('Multipart/Form-Data; Boundary="a;b \\"c\\""; charset = UTF-8')
    assert.ok(m)
    assert.equal(m.type, 'multipart')
    assert.equal(m.subtype, 'form-data')
    assert.equal(m.essence, 'multipart/form-data')
    assert.deepEqual({ ...m.params }, { boundary: 'a;b "c"', charset: 'UTF-8' })
  })

  it('refuses what is not a media type, and skips malformed parameters', () => {
    for (const bad of ['json', '/json', 'application/', 'a b/c', '*/json', '', 'text/plain/x']) assert.equal(parseMediaType(bad), undefined, bad)
    assert.equal(parseMediaType(undefined), undefined)
    assert.deepEqual({ ...parseMediaType('text/plain; junk; x=; =y; ok=1')!.params }, { ok: '1' })
  })

  it('returns the same frozen object for the same header', () => {
    const a = parseMediaType('application/json')
    assert.equal(parseMediaType('application/json'), a)
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a!.params))
  })
})

describe('matchRequestMediaType', () => {
  const declared = ['application/json', 'application/*+json', 'text/*', 'multipart/form-data']

  it('prefers the exact essence, case and parameters aside', () => {
    assert.equal(matchRequestMediaType('application/json', declared), 'application/json')
    assert.equal(matchRequestMediaType('Application/JSON; charset=utf-8', declared), 'application/json')
    assert.equal(matchRequestMediaType('multipart/form-data; boundary=x', declared), 'multipart/form-data')
  })

  it('takes a +json type by a structured-suffix key, never by application/json', () => {
    assert.equal(matchRequestMediaType('application/problem+json', declared), 'application/*+json')
    assert.equal(matchRequestMediaType('application/problem+json', ['application/json']), undefined)
    assert.equal(matchRequestMediaType('application/json', ['application/*+json']), undefined)
  })

  it('falls back to type/* then */*', () => {
    assert.equal(matchRequestMediaType('text/csv', declared), 'text/*')
    assert.equal(matchRequestMediaType('image/png', declared), undefined)
    assert.equal(matchRequestMediaType('image/png', ['*/*', 'image/*']), 'image/*')
    assert.equal(matchRequestMediaType('image/png', ['text/plain', '*/*']), '*/*')
  })

  it('prefers the key whose parameters agree', () => {
    const keys = ['text/plain', 'text/plain; charset=utf-8', 'text/plain; charset=latin1']
    assert.equal(matchRequestMediaType('text/plain; charset=UTF-8', keys), 'text/plain; charset=utf-8')
    assert.equal(matchRequestMediaType('text/plain', keys), 'text/plain')
  })

  it('takes a missing Content-Type as application/octet-stream, an invalid one as nothing', () => {
    assert.equal(matchRequestMediaType(undefined, ['application/octet-stream', 'application/json']), 'application/octet-stream')
    assert.equal(matchRequestMediaType(undefined, ['application/json']), undefined)
    assert.equal(matchRequestMediaType(undefined, ['*/*']), '*/*')
    assert.equal(matchRequestMediaType('not a type', ['*/*']), undefined)
  })
})

describe('negotiate', () => {
  const available = ['application/json', 'text/html', 'text/csv']

  it('admits anything when Accept is missing, empty or */*', () => {
    assert.equal(negotiate(undefined, available), 'application/json')
    assert.equal(negotiate('', available), 'application/json')
    assert.equal(negotiate('  ', available), 'application/json')
    assert.equal(negotiate('*/*', available), 'application/json')
  })

  it('takes an exact match', () => {
    assert.equal(negotiate('text/csv', available), 'text/csv')
    assert.equal(negotiate('TEXT/CSV', available), 'text/csv')
  })

  it('orders by q-value', () => {
    assert.equal(negotiate('application/json;q=0.5, text/html;q=0.9', available), 'text/html')
    assert.equal(negotiate('text/*;q=0.3, application/json;q=0.2', available), 'text/html')
    assert.equal(negotiate('text/csv; q=1.0, text/html;q=0.999', available), 'text/csv')
  })

  it('gives each type the q of its most specific range', () => {
    // text/html is excluded by its own range although text/* admits it.
    assert.equal(negotiate('text/*, text/html;q=0', ['text/html', 'text/csv']), 'text/csv')
    assert.equal(negotiate('*/*;q=0.1, text/csv', available), 'text/csv')
    assert.equal(negotiate('text/html;level=1, text/html;q=0.1, */*;q=0.5', ['text/html', 'application/json']), 'application/json')
    assert.equal(negotiate('text/html;level=1, text/html;q=0.1', ['text/html;level=1', 'text/html']), 'text/html;level=1')
  })

  it('breaks ties by specificity, then by the order of the Accept header', () => {
    assert.equal(negotiate('*/*, text/csv', available), 'text/csv')
    assert.equal(negotiate('text/csv, application/json', available), 'text/csv')
    assert.equal(negotiate('text/*', available), 'text/html')
  })

  it('excludes q=0 and answers undefined when nothing is acceptable', () => {
    assert.equal(negotiate('application/json;q=0', ['application/json']), undefined)
    assert.equal(negotiate('*/*;q=0', available), undefined)
    assert.equal(negotiate('image/png', available), undefined)
    assert.equal(negotiate('application/json', []), undefined)
  })

  it('ignores malformed ranges and bad q-values; an Accept of only those admits anything', () => {
    assert.equal(negotiate('garbage, text/csv', available), 'text/csv')
    assert.equal(negotiate('text/html;q=2, text/csv;q=0.5', available), 'text/csv')
    assert.equal(negotiate('garbage', available), 'application/json')
  })

  it('matches declared ranges, and answers the same on repeated calls (cache)', () => {
    assert.equal(negotiate('image/png', ['application/json', 'image/*']), 'image/*')
    const types = ['application/json', 'application/xml']
    for (let i = 0; i < 3; i++) assert.equal(negotiate('application/xml, application/json;q=0.8', types), 'application/xml')
    // Only ranges listed are acceptable: refusing XML does not admit JSON.
    assert.equal(negotiate('application/xml;q=0', types), undefined)
  })
})
