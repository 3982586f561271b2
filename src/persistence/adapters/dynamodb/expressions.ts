// Condition, update and key-condition expressions. Every attribute goes through
// ExpressionAttributeNames (#n0...), so reserved words (name, status, size...) and names
// with dots or spaces need no special case; every value through :v0...
import type { KeyValue, SortCondition, StoredValue, TableSpec, UpdateInput, WriteCondition } from '../../store.js'

export class Expression {
  readonly names: Record<string, string> = {}
  readonly values: Record<string, unknown> = {}
  private readonly byName = new Map<string, string>()
  private count = 0

  name(attr: string): string {
    let token = this.byName.get(attr)
    if (token === undefined) {
      token = `#n${this.byName.size}`
      this.byName.set(attr, token)
      this.names[token] = attr
    }
    return token
  }

  value(value: StoredValue | KeyValue): string {
    const token = `:v${this.count++}`
    this.values[token] = value
    return token
  }

  /** The Expression* fields of a command, leaving out the empty ones (DynamoDB refuses empty maps). */
  fields(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return {
      ...(this.byName.size > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(this.count > 0 ? { ExpressionAttributeValues: this.values } : {}),
    }
  }
}

/**
 * The condition as DynamoDB should check it. Where the table has a TTL attribute, an item
 * past it counts as absent (as on every other backend): `absent` also passes over an
 * expired item, `present` and a version match require it unexpired. A comparison with a
 * missing or non-numeric TTL attribute is false in DynamoDB, so such items never expire.
 */
export function conditionExpression(table: TableSpec, condition: WriteCondition, e: Expression, now = Date.now() / 1000): string {
  const expired = table.ttl === undefined ? undefined : `${e.name(table.ttl)} < ${e.value(Math.floor(now))}`
  const orExpired = (c: string) => (expired === undefined ? c : `(${c} OR ${expired})`)
  const andLive = (c: string) => (expired === undefined ? c : `(${c} AND NOT ${expired})`)
  switch (condition.kind) {
    case 'absent':
      return orExpired(`attribute_not_exists(${e.name(table.key)})`)
    case 'present':
      return andLive(`attribute_exists(${e.name(table.key)})`)
    case 'version':
      if (condition.value === undefined) return orExpired(`attribute_not_exists(${e.name(condition.attr)})`)
      return andLive(`${e.name(condition.attr)} = ${e.value(condition.value)}`)
  }
}

export function conditionFields(table: TableSpec, condition: WriteCondition | undefined): { ConditionExpression?: string } & ReturnType<Expression['fields']> {
  if (condition === undefined) return {}
  const e = new Expression()
  const text = conditionExpression(table, condition, e)
  return { ConditionExpression: text, ...e.fields() }
}

/** Holds unless the item exists and is past its TTL (see update.ts). */
export function notExpired(table: TableSpec, e: Expression, now = Date.now() / 1000): string | undefined {
  if (table.ttl === undefined) return undefined
  return `(attribute_not_exists(${e.name(table.key)}) OR NOT ${e.name(table.ttl)} < ${e.value(Math.floor(now))})`
}

/**
 * The condition for replacing an expired item read with TTL value `at`: it is still that
 * item, or it is gone (the TTL sweep may delete it at any moment, and absent is what an
 * expired item counts as). A writer who put a new item meanwhile makes it fail.
 */
export function expiredOrGone(table: TableSpec, ttl: string, at: number | bigint): { ConditionExpression: string } & ReturnType<Expression['fields']> {
  const e = new Expression()
  return { ConditionExpression: `(attribute_not_exists(${e.name(table.key)}) OR ${e.name(ttl)} = ${e.value(at)})`, ...e.fields() }
}

export function updateFields(table: TableSpec, update: UpdateInput, condition: WriteCondition | undefined, guardExpired = false) {
  const e = new Expression()
  const set = Object.entries(update.set).map(([attr, value]) => `${e.name(attr)} = ${e.value(value)}`)
  const remove = update.remove.map((attr) => e.name(attr))
  const clauses = [set.length > 0 ? `SET ${set.join(', ')}` : '', remove.length > 0 ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean)
  const texts = [condition === undefined ? undefined : conditionExpression(table, condition, e), guardExpired ? notExpired(table, e) : undefined].filter(Boolean)
  const conditionText = texts.length === 0 ? undefined : texts.join(' AND ')
  return {
    ...(clauses.length > 0 ? { UpdateExpression: clauses.join(' ') } : {}),
    ...(conditionText === undefined ? {} : { ConditionExpression: conditionText }),
    ...e.fields(),
  }
}

/** begins_with on a binary sort key takes the prefix's UTF-8 bytes, as on the other backends. */
function sortValue(table: TableSpec, attr: string, value: KeyValue): KeyValue {
  return table.keyTypes[attr] === 'B' && typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'utf8')) : value
}

export function keyCondition(table: TableSpec, key: { attr: string; value: KeyValue }, sort: ({ attr: string } & SortCondition) | undefined, e: Expression): string {
  const pk = `${e.name(key.attr)} = ${e.value(key.value)}`
  if (sort === undefined) return pk
  const sk = e.name(sort.attr)
  const v = (value: KeyValue) => e.value(sortValue(table, sort.attr, value))
  switch (sort.op) {
    case 'between':
      return `${pk} AND ${sk} BETWEEN ${v(sort.value)} AND ${v(sort.to)}`
    case 'begins_with':
      return `${pk} AND begins_with(${sk}, ${v(sort.value)})`
    default:
      return `${pk} AND ${sk} ${sort.op} ${v(sort.value)}`
  }
}
