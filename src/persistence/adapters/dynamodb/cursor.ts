// Page cursors: DynamoDB's LastEvaluatedKey as base64url JSON, each key value tagged with
// its type so that binary and integers beyond 2^53 come back exact ({"id":["S","a"]},
// {"n":["N","18446744073709551617"]}, {"tag":["B","AAE="]}). A cursor is checked against
// the key attributes of the table or index it is used on before it reaches DynamoDB.
import type { KeyValue, TableSpec } from '../../store.js'
import { numberFromDynamo } from './values.js'

type Tagged = ['S', string] | ['N', string] | ['B', string]

/** The attributes of LastEvaluatedKey: the table's key, plus the index's on an index. */
export function cursorAttributes(table: TableSpec, index: string | undefined): string[] {
  const attrs = [table.key, table.sort]
  if (index !== undefined) attrs.push(table.indexes[index]?.key, table.indexes[index]?.sort)
  return [...new Set(attrs.filter((a): a is string => a !== undefined))]
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (key === undefined) return undefined
  const out: Record<string, Tagged> = {}
  for (const [attr, value] of Object.entries(key)) {
    if (typeof value === 'string') out[attr] = ['S', value]
    else if (typeof value === 'number' || typeof value === 'bigint') out[attr] = ['N', value.toString()]
    else if (value instanceof Uint8Array) out[attr] = ['B', Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64')]
    else throw new TypeError(`DynamoDB returned a page key with ${attr} of an unexpected type`)
  }
  return Buffer.from(JSON.stringify(out), 'utf8').toString('base64url')
}

function malformed(): TypeError {
  return new TypeError('the cursor does not come from a page of this query')
}

export function decodeCursor(cursor: string, table: TableSpec, index: string | undefined): Record<string, KeyValue> {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw malformed()
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed()
  const attrs = cursorAttributes(table, index)
  const entries = Object.entries(parsed as Record<string, unknown>)
  if (entries.length !== attrs.length) throw malformed()
  const key: Record<string, KeyValue> = {}
  for (const [attr, tagged] of entries) {
    if (!attrs.includes(attr) || !Array.isArray(tagged) || tagged.length !== 2 || typeof tagged[1] !== 'string') throw malformed()
    const [type, text] = tagged as [unknown, string]
    if (type !== table.keyTypes[attr]) throw malformed()
    if (type === 'S') key[attr] = text
    else if (type === 'B') key[attr] = new Uint8Array(Buffer.from(text, 'base64'))
    else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) key[attr] = numberFromDynamo(text)
    else throw malformed()
  }
  return key
}
