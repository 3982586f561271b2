// SQL for queries and scans of the SQLite backend (layout in sqlite-schema.ts). Each call
// builds its SQL text and parameters; the store caches one prepared statement per text.
import type { TableSpec } from '../store.js'
import type { QueryPlan } from './shared/query-plan.js'
import { prefixEnd } from './shared/query-plan.js'
import { indexColumns, quote } from './sqlite-schema.js'

export interface Select {
  sql: string
  params: unknown[]
  /** The page size asked for; the SQL fetches one more row. */
  limit: number | undefined
}

export const blob = (encoded: string): Buffer => Buffer.from(encoded, 'latin1')

const NOT_EXPIRED = '(expires IS NULL OR expires >= ?)'

/** Selects item and the position columns p0.. (the page order), limit + 1 rows so the caller knows whether more follow. */
export function querySelect(spec: TableSpec, plan: QueryPlan, now: number): Select {
  const cols = plan.index === undefined ? { pk: 'pk', sk: 'sk' } : indexColumns(plan.index)
  const position = plan.index === undefined ? ['sk'] : [cols.sk, 'pk', 'sk']
  const where = [`${cols.pk} = ?`]
  const params: unknown[] = [blob(plan.pk)]
  const sort = plan.sort
  if (sort !== undefined) {
    if (sort.op === 'between') {
      where.push(`${cols.sk} >= ? AND ${cols.sk} <= ?`)
      params.push(blob(sort.a), blob(sort.b))
    } else if (sort.op === 'begins_with') {
      where.push(`${cols.sk} >= ?`)
      params.push(blob(sort.a))
      const end = prefixEnd(sort.a)
      if (end !== undefined) {
        where.push(`${cols.sk} < ?`)
        params.push(blob(end))
      }
    } else {
      where.push(`${cols.sk} ${sort.op} ?`)
      params.push(blob(sort.a))
    }
  }
  return finish(spec, position, where, params, plan.desc, plan.after, plan.limit, now)
}

export function scanSelect(spec: TableSpec, after: string[] | undefined, limit: number | undefined, now: number): Select {
  return finish(spec, ['pk', 'sk'], [], [], false, after, limit, now)
}

function finish(spec: TableSpec, position: string[], where: string[], params: unknown[], desc: boolean, after: string[] | undefined, limit: number | undefined, now: number): Select {
  if (after !== undefined) {
    // A row value comparison resumes after the last position, and SQLite runs it on the index.
    where.push(position.length === 1 ? `${position[0]} ${desc ? '<' : '>'} ?` : `(${position.join(', ')}) ${desc ? '<' : '>'} (${position.map(() => '?').join(', ')})`)
    params.push(...after.map(blob))
  }
  where.push(NOT_EXPIRED)
  params.push(now)
  const columns = position.map((c, i) => `${c} AS p${i}`).join(', ')
  const order = position.map((c) => (desc ? `${c} DESC` : c)).join(', ')
  // The limit goes into the SQL text (a checked integer): SQLite runs a bound LIMIT ? several times slower.
  const sql = `SELECT item, ${columns} FROM ${quote(spec.name)} WHERE ${where.join(' AND ')} ORDER BY ${order}${limit === undefined ? '' : ` LIMIT ${limit + 1}`}`
  return { sql, params, limit }
}
