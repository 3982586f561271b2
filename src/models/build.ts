import { preparedIndex } from '../spec/load.js'
import { LISTED_SCHEMA_MEMBERS } from '../spec/prepared.js'
import type { LoadedApi, JsonObject } from '../spec/types.js'
import { BINDING, Model, type BaseModel, type ModelBinding, type ModelClass, type ModelConstructor } from './model.js'
import { registerModel, type RegisteredModel } from './registry.js'
import { ModelSchemas } from './schemas.js'

/** Model classes by API name, then schema name. */
export type ModelsByApi = Record<string, Record<string, ModelClass>>

/**
 * Picks the class of a schema that needs more than a plain Model (x-persist): returns it
 * unbound, or undefined for a plain Model. Its binding is set here like any other.
 */
export type ClassFor = (api: LoadedApi, name: string, schema: JsonObject, binding: ModelBinding) => Promise<ModelClass | undefined>

/**
 * One model class per schema of every API, bound to its schema and registered, at start-up.
 * A plain schema gets a fresh `class extends Model` named like the schema; x-persist
 * schemas get the class `classFor` gives (a persisted model, or the user's own class).
 */
export async function buildModels(apis: LoadedApi[], classFor?: ClassFor): Promise<ModelsByApi> {
  const out: ModelsByApi = {}
  for (const api of apis) {
    const schemas = new ModelSchemas(api)
    const models: Record<string, ModelClass> = (out[api.name] = {})
    // A large document's prepared form lists the schemas it set aside: a plain one (no $ref,
    // no x-persist) gets its model without being parsed (spec/prepared.ts).
    const setAside = preparedIndex(api)?.schemas
    const all = schemas.schemas
    for (const name of Object.keys(all)) {
      const listed = setAside?.get(name)
      const plain = listed !== undefined && !LISTED_SCHEMA_MEMBERS.some((member) => Object.hasOwn(listed, member))
      if (!plain && (typeof all[name] !== 'object' || all[name] === null)) continue
      const schema = lazy(() => schemas.resolve(all[name]))
      const binding: ModelBinding = {
        api: api.name,
        name,
        get schema() {
          return schema()
        },
        resolve: (s) => schemas.resolve(s),
        validator: lazy(() => schemas.validator(name)),
      }
      const cls = (plain ? undefined : await classFor?.(api, name, binding.schema, binding)) ?? namedSubclass(Model, name)
      Object.defineProperty(cls, BINDING, { value: binding, configurable: true, writable: true })
      models[name] = cls
      registerModel(api.name, name, cls as unknown as RegisteredModel)
    }
  }
  return out
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined
  return () => (value ??= make())
}

/** `class <name> extends base {}`, so stack traces and logs show the schema's name. */
export function namedSubclass<B extends ModelClass<BaseModel>>(base: B, name: string): B {
  const cls = class extends base {}
  Object.defineProperty(cls, 'name', { value: name })
  return cls
}

/** The models of all APIs by schema name; a name two APIs share is left out (use byApi). */
export function flatModels(byApi: ModelsByApi): Record<string, ModelClass> {
  const seen = new Map<string, ModelClass | null>()
  for (const models of Object.values(byApi)) {
    for (const [name, cls] of Object.entries(models)) seen.set(name, seen.has(name) ? null : cls)
  }
  return Object.fromEntries([...seen].filter((e): e is [string, ModelClass] => e[1] !== null))
}
