import type { PersistedModel } from '../persistence/persisted-model.js'
import type { ModelConstructor } from './model.js'
import { findModel, findModelsNamed } from './registry.js'

/**
 * The model class of a schema, for handlers and other code that has no `app` at hand:
 * `const Profile = getModel('Profile')`. With one API the name is enough; a name that two
 * APIs declare needs the API too. Throws when no app has built that model. Typed as a
 * persisted model by default (load, save ...); a schema without x-persist throws on those.
 */
export function getModel<C extends ModelConstructor = typeof PersistedModel>(name: string, api?: string): C {
  if (api !== undefined) {
    const found = findModel(api, name)
    if (!found) throw new Error(`no model ${name} in API ${api}: is it under components.schemas, and was createApp called?`)
    return found as unknown as C
  }
  const all = findModelsNamed(name)
  if (all.length === 1) return all[0]!.model as unknown as C
  if (all.length === 0) throw new Error(`no model ${name}: is it under components.schemas, and was createApp called?`)
  throw new Error(`model ${name} is declared by APIs ${all.map((r) => r.api).join(', ')}: say which, getModel('${name}', api)`)
}
