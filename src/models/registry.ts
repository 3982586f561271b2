/**
 * Which model class stands for which schema, process-wide.
 *
 * createApp builds one model class per schema of every API (src/models/build.ts) and
 * registers it here; a schema whose `x-persist` names a user class
 * (`src/db/profile#PersistentProfile`) registers that class. The last app built wins, as
 * for any module-level state: a process serves one app (tests build them one after another).
 *
 * Code that must carry a model across a boundary (a background task's payload, a cache)
 * stores `modelNameOf(instance)` with `instance.toJson()` and rebuilds it on the other side:
 *
 *   const ref = modelNameOf(profile)                        // { api: 'profiles', name: 'Profile' }
 *   const json = profile.toJson()
 *   ...
 *   const again = findModel(ref.api, ref.name)!.fromJson(json)   // validated, an instance again
 */

/** What the registry needs of a model class: a name and a validating constructor from JSON. */
export interface RegisteredModel {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new (...args: any[]): object
  fromJson(json: unknown): object
}

export interface ModelRef {
  /** The API (spec file name without extension, as in LoadedApi.name). */
  api: string
  /** The schema's name under components.schemas. */
  name: string
}

const byName = new Map<string, RegisteredModel>()
const refOf = new WeakMap<object, ModelRef>()

const keyOf = (api: string, name: string): string => `${api}\u0000${name}`

export function registerModel(api: string, name: string, cls: RegisteredModel): void {
  byName.set(keyOf(api, name), cls)
  refOf.set(cls, { api, name })
}

/** The model class of schema `name` in API `api`, or undefined when none was registered. */
export function findModel(api: string, name: string): RegisteredModel | undefined {
  return byName.get(keyOf(api, name))
}

/** Every registered model named `name`, across APIs (a schema name is usually unique). */
export function findModelsNamed(name: string): Array<ModelRef & { model: RegisteredModel }> {
  const out: Array<ModelRef & { model: RegisteredModel }> = []
  for (const model of byName.values()) {
    const ref = refOf.get(model)
    if (ref?.name === name) out.push({ ...ref, model })
  }
  return out
}

/**
 * The API and schema of a model instance (or class), following the class chain so a
 * subclass of a model resolves to its schema; undefined for anything that is not a model.
 */
export function modelNameOf(value: unknown): ModelRef | undefined {
  if (typeof value !== 'object' && typeof value !== 'function') return undefined
  if (value === null) return undefined
  let cls: unknown = typeof value === 'function' ? value : (value as object).constructor
  while (typeof cls === 'function') {
    const ref = refOf.get(cls)
    if (ref) return { ...ref }
    cls = Object.getPrototypeOf(cls)
  }
  return undefined
}
