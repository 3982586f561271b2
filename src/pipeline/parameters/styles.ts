// Reading one parameter from a single text, per style (OpenAPI 3.1 "Style Values", which follow
// RFC 6570): simple and label/matrix for paths, simple for headers, and the non-exploded forms
// of form, spaceDelimited and pipeDelimited. Exploded form and deepObject, which spread over
// several query keys or cookies, are read in form.ts.

import { scalarCoercer } from '../coerce.js'
import type { SchemaInfo } from './schema-info.js'
import { coerceItems, emptyValue, fromAssignments, fromPairs, type Fail } from './values.js'

export interface TextContext {
  name: string
  style: string
  explode: boolean
  info: SchemaInfo
  allowEmpty: boolean
  /** Header lists may carry optional whitespace around items (`1, 2`, and Node joins repeats with ', '). */
  trim: boolean
  fail: Fail
}

const SEPARATORS: Record<string, string> = { simple: ',', form: ',', spaceDelimited: ' ', pipeDelimited: '|' }

/** Returns (text) => parsed value, or undefined for "absent" (allowEmptyValue on a scalar). */
export function compileTextReader(c: TextContext): (text: string) => unknown {
  const { name, info, explode, fail } = c
  const empty = emptyValue(info, c.allowEmpty)
  const many = info.shape !== 'primitive'
  // Label and matrix prefix every value; RFC 6570 separates a non-exploded list with commas
  // and an exploded one with the prefix itself (`.3.4.5`, `;id=3;id=4`).
  let body: (text: string) => string
  let separator: string
  let named = false // exploded matrix array: every piece is `name=value`
  if (c.style === 'label') {
    body = (text) => (text.startsWith('.') ? text.slice(1) : fail(name, 'must be in label style (.value)'))
    separator = explode ? '.' : ','
  } else if (c.style === 'matrix') {
    separator = explode ? ';' : ','
    if (explode && many) {
      body = (text) => (text.startsWith(';') ? text.slice(1) : fail(name, 'must be in matrix style (;name=value)'))
      named = info.shape === 'array'
    } else {
      body = (text) => matrixValue(text, name, fail)
    }
  } else {
    body = (text) => text
    separator = SEPARATORS[c.style] ?? ','
  }
  const split = c.trim ? (text: string) => text.split(separator).map((s) => s.trim()) : (text: string) => text.split(separator)

  if (info.shape === 'primitive') {
    const coerce = scalarCoercer(info.types)
    return (text) => {
      const value = body(text)
      return value === '' ? empty() : coerce(value)
    }
  }
  if (info.shape === 'array') {
    const items = info.items
    return (text) => {
      const list = split(body(text))
      if (named) for (let i = 0; i < list.length; i++) list[i] = matrixPiece(list[i]!, name, fail)
      return list.length === 1 && list[0] === '' ? empty() : coerceItems(list, items)
    }
  }
  // Objects: exploded styles write `R=100`, the others alternate `R,100` (form explode never gets here).
  const assignments = explode && c.style !== 'form'
  return (text) => {
    const value = body(text)
    if (value === '') return empty()
    return assignments ? fromAssignments(split(value), info, name, fail) : fromPairs(split(value), info, name, fail)
  }
}

/** The value of `;name=value` (or '' for `;name`): exactly one piece, named after the parameter. */
function matrixValue(text: string, name: string, fail: Fail): string {
  if (!text.startsWith(';')) fail(name, 'must be in matrix style (;name=value)')
  const rest = text.slice(1)
  if (rest.includes(';')) {
    const repeated = rest.split(';').every((p) => p === name || p.startsWith(`${name}=`))
    fail(name, repeated ? 'is given more than once' : 'must be in matrix style (;name=value)')
  }
  return matrixPiece(rest, name, fail)
}

function matrixPiece(piece: string, name: string, fail: Fail): string {
  if (piece === name) return ''
  if (piece.length > name.length && piece.startsWith(name) && piece.charCodeAt(name.length) === 61 /* = */) return piece.slice(name.length + 1)
  return fail(name, `must be in matrix style (;${name}=value)`)
}
