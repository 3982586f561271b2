import assert from 'node:assert/strict'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { JsonObject } from '../../src/spec/index.js'

export const info = { title: 't', version: '1' }

export function schemasOf(doc: JsonObject): Record<string, JsonObject> {
  return (doc.components as JsonObject).schemas as Record<string, JsonObject>
}

/** A validator for one component schema of an upgraded document, the way the pipeline uses Ajv. */
export function validatorFor(doc: JsonObject, name: string): (data: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  ajv.addSchema({ ...doc, $id: 'https://macaron.test/api' })
  const validate = ajv.getSchema(`https://macaron.test/api#/components/schemas/${name}`)
  assert.ok(validate, `schema ${name} compiles`)
  return (data: unknown) => validate(data) as boolean
}
