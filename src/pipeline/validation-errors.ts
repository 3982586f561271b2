import type { ErrorObject } from './ajv.js'

export type Location = 'path' | 'query' | 'header' | 'cookie' | 'body'

/** One entry of INVALID_PARAMETER's `errors` list. */
export interface FieldError {
  field: string
  location: Location
  message: string
}

const MAX_ERRORS = 20

/**
 * Ajv's errors as a client-facing list: which field, where, what is wrong. `baseField`
 * turns an instance path into the field name and location; fields are dotted paths with
 * array indices (`address.city`, `tags[2]`). At most 20 entries, so a huge invalid array
 * cannot make a huge response.
 */
export function fieldErrors(
  errors: readonly ErrorObject[] | null | undefined,
  locate: (instancePath: string) => { location: Location; field: string },
): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of errors ?? []) {
    // if/then/else, oneOf and anyOf add a summary error after their branches' errors.
    if (e.keyword === 'if') continue
    const { location, field } = locate(e.instancePath)
    const params = e.params as Record<string, unknown>
    let name = field
    let message = e.message ?? 'is invalid'
    if (e.keyword === 'required') {
      name = join(field, String(params.missingProperty))
      message = 'is required'
    } else if (e.keyword === 'additionalProperties') {
      name = join(field, String(params.additionalProperty))
      message = 'is not a declared property (the schema does not allow additional properties)'
    } else if (e.keyword === 'unevaluatedProperties') {
      name = join(field, String(params.unevaluatedProperty))
      message = 'is not a declared property (the schema does not allow unevaluated properties)'
    } else if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `must be one of: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    } else if (e.keyword === 'readOnly') {
      message = e.message ?? message
    }
    const key = `${location}|${name}|${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ field: name || location, location, message })
    if (out.length >= MAX_ERRORS) break
  }
  return out
}

function join(base: string, name: string): string {
  return base === '' ? name : `${base}.${name}`
}

/** '/address/lines/0' → 'address.lines[0]' */
export function pointerToField(pointer: string): string {
  let out = ''
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    out += /^[0-9]+$/.test(token) ? `[${token}]` : out === '' ? token : `.${token}`
  }
  return out
}

export function describeFieldErrors(errors: FieldError[]): string {
  const first = errors[0]
  if (!first) return 'The request is invalid'
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  return `${first.location} ${first.location === first.field ? '' : `'${first.field}' `}${first.message}${more}`
}
