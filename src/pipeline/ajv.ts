import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { withFastDateTime } from './date-time.js'

// OpenAPI's own formats on top of JSON Schema's. int32/int64 check ranges; the others are
// annotations OpenAPI documents use freely and must not make Ajv refuse the schema.
const INT32 = { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 } as const
const INT64 = { type: 'number', validate: (n: number) => Number.isInteger(n) } as const
const ANY_NUMBER = { type: 'number', validate: () => true } as const
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
// RFC 4648 section 5, padding optional (the OpenAPI format registry's base64url).
const BASE64URL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/
const intRange = (min: number, max: number) => ({ type: 'number', validate: (n: number) => Number.isInteger(n) && n >= min && n <= max }) as const

export type Direction = 'request' | 'response'

/**
 * One Ajv per direction. Requests fill in declared defaults; neither coerces types (the
 * parameter stage does its own strict coercion) nor removes properties: unknown properties
 * are refused where the schema says so, never silently stripped. What Ajv would print with
 * console.warn (a format it does not know, once per schema using it) goes to `warn`, which
 * the app sends to its log once per format (schema-store.ts).
 */
export function createAjv(direction: Direction, warn: (message: string) => void = () => {}): Ajv2020 {
  const say = (...args: unknown[]) => warn(args.map(String).join(' '))
  const ajv = new Ajv2020({
    logger: { log: () => {}, warn: say, error: say },
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
  ajv.addFormat('int8', intRange(-128, 127))
  ajv.addFormat('int16', intRange(-32768, 32767))
  ajv.addFormat('uint8', intRange(0, 255))
  ajv.addFormat('byte', BASE64)
  ajv.addFormat('base64url', BASE64URL)
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
