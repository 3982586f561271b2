import { findModel, modelNameOf } from '../models/registry.js'

// Payloads travel as JSON (through Redis, or copied in process so both backends behave
// alike). A model instance is stored as its schema's name and its JSON form, and built
// again, validated, on the task's side: the task receives a Profile, not a plain object.
const MODEL = '$macaron_model'

interface EncodedModel {
  [MODEL]: { api: string; name: string }
  json: unknown
}

/** The JSON value of a payload, model instances tagged with their schema. Throws on what JSON cannot carry (bigint, cycles). */
export function encodePayload(value: unknown): unknown {
  // JSON.stringify hands the replacer what toJSON() returned; the holder still has the
  // original, which tells whether it was a model.
  const text = JSON.stringify({ value }, function (this: Record<string, unknown>, key, v: unknown) {
    const original = this[key]
    const ref = typeof original === 'object' ? modelNameOf(original) : undefined
    return ref ? { [MODEL]: ref, json: v } : v
  })
  return (JSON.parse(text) as { value?: unknown }).value ?? null
}

/** The payload again, with model instances rebuilt from the model registry. */
export function decodePayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodePayload)
  if (value === null || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  const ref = record[MODEL] as EncodedModel[typeof MODEL] | undefined
  if (ref && typeof ref === 'object' && Object.keys(record).length === 2 && 'json' in record) {
    const model = findModel(ref.api, ref.name)
    if (!model) throw new Error(`the payload holds a ${ref.api}/${ref.name} model, which this process does not know (is the API loaded here?)`)
    return model.fromJson(record.json)
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodePayload(v)]))
}
