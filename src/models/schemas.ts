import type { LoadedApi, JsonObject } from '../spec/types.js'
import { createAjv, type ValidateFunction } from '../pipeline/ajv.js'
import { absoluteRefs } from '../pipeline/schema-variants.js'
import { deref } from '../pipeline/deref.js'
import { fieldErrors, pointerToField, type FieldError } from '../pipeline/validation-errors.js'

/**
 * The schemas of one API as models see them. A model holds the whole object, the fields the
 * server sets (readOnly) and the secrets a client sends (writeOnly) alike, so it is checked
 * against the schema as written, not against the request or response variant of the
 * SchemaStore (the request variant refuses readOnly fields: a stored Profile has its
 * profile_id). The Ajv is the request one (defaults filled in, no coercion, no stripping).
 */
export class ModelSchemas {
  private ajvInstance: ReturnType<typeof createAjv> | undefined
  private readonly id: string

  constructor(readonly api: LoadedApi) {
    this.id = `macaron-${encodeURIComponent(api.name)}-model.json`
  }

  // Made on the first validation: a service that never builds a model pays nothing at start-up.
  private get ajv(): ReturnType<typeof createAjv> {
    if (!this.ajvInstance) {
      this.ajvInstance = createAjv('request')
      this.ajvInstance.addSchema(this.api.document, this.id)
    }
    return this.ajvInstance
  }

  /** components.schemas, by name. */
  get schemas(): Record<string, JsonObject> {
    const components = (this.api.document.components ?? {}) as JsonObject
    return (components.schemas ?? {}) as Record<string, JsonObject>
  }

  validator(name: string): ValidateFunction {
    return this.ajv.compile(absoluteRefs({ $ref: `#/components/schemas/${escape(name)}` }, this.id) as JsonObject)
  }

  /** Follows `$ref`s to the schema they name. */
  resolve(schema: unknown): JsonObject {
    return deref(this.api.document, schema)
  }
}

function escape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Ajv's errors as INVALID_MODEL's `errors` list: every field in the body location. */
export function modelFieldErrors(validate: ValidateFunction): FieldError[] {
  return fieldErrors(validate.errors, (path) => ({ location: 'body', field: pointerToField(path) }))
}
