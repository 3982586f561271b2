import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { withFastDateTime } from './date-time.js'

// OpenAPI's own formats on top of JSON Schema's. int32/int64 check ranges; the others are
// annotations OpenAPI documents use freely and must not make Ajv refuse the schema.
const INT32 = { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 } as const
const INT64 = { type: 'number', validate: (n: number) => Number.isInteger(n) } as const
const ANY_NUMBER = { type: 'number', validate: () => true } as const
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export type Direction = 'request' | 'response'

/**
 * One Ajv per direction. Requests fill in declared defaults; neither coerces types (the
 * parameter stage does its own strict coercion) nor removes properties: unknown properties
 * are refused where the schema says so, never silently stripped.
 */
export function createAjv(direction: Direction): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    useDefaults: direction === 'request',
    coerceTypes: false,
    removeAdditional: false,
    // OpenAPI documents often use discriminator with allOf, which Ajv's option refuses;
    // oneOf/anyOf validate correctly without it, so it stays an annotation.
    discriminator: false,
    validateSchema: false,
    unicodeRegExp: false,
    messages: true,
  })
  addFormats.default(ajv)
  const dateTime = ajv.formats['date-time'] as { validate: (s: string) => boolean; compare?: (a: string, b: string) => number | undefined }
  ajv.addFormat('date-time', { ...dateTime, validate: withFastDateTime(dateTime.validate) })
  ajv.addFormat('int32', INT32)
  ajv.addFormat('int64', INT64)
  ajv.addFormat('float', ANY_NUMBER)
  ajv.addFormat('double', ANY_NUMBER)
  ajv.addFormat('byte', BASE64)
  ajv.addFormat('binary', () => true)
  ajv.addFormat('password', () => true)
  // Put in place of readOnly properties in request schemas: sending one is refused by name.
  ajv.addKeyword({
    keyword: 'x-macaron-read-only',
    schemaType: 'boolean',
    errors: true,
    validate: function readOnly(this: unknown) {
      ;(readOnly as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'readOnly', message: 'is read-only: the server sets it, a request must not send it', params: {} },
      ]
      return false
    },
  })
  return ajv
}

export type { ValidateFunction, ErrorObject }
