import { Ajv, type ErrorObject } from 'ajv'
import { loadPrebuilt, standaloneModule, validatorDigest } from '../util/prebuilt-validator.js'
import { configSchema } from './schema.js'

export type ConfigValidate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }

const OPTIONS = { allErrors: true, useDefaults: true, strict: false }
/** What the prebuilt module must have been built from. */
export const CONFIG_VALIDATOR_DIGEST = validatorDigest({ options: OPTIONS, schema: configSchema })
const DIGEST = CONFIG_VALIDATOR_DIGEST

/**
 * macaron.yaml's validator: built with the package (src/util/prebuilt-validator.ts), or
 * compiled here (0.05 s of every start) when the sources run or the schema has changed.
 */
export function configValidator(): ConfigValidate {
  return loadPrebuilt<ConfigValidate>(import.meta.url, './config-validator.cjs', DIGEST)?.validate ?? new Ajv(OPTIONS).compile(configSchema)
}

/** The prebuilt module of the validator (scripts/build-validators.mjs). */
export function configStandalone(): string {
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } })
  return standaloneModule(ajv, ajv.compile(configSchema) as ConfigValidate, DIGEST)
}
