import { PersistedModel } from 'macaron'

/**
 * The model of the Profile schema, with helpers of our own. createApp binds it to the
 * schema and its table; fields are declared with `declare` so that the class adds none.
 */
export class PersistentProfile extends PersistedModel {
  declare profile_id: string
  declare name: string
  declare view_count: number
  declare version: number

  /** PyMacaron's get_profile: the profile, or ITEM_NOT_FOUND (404). */
  static async getProfile(id: string): Promise<PersistentProfile> {
    return this.load(id)
  }

  /** PyMacaron's profile_exists. */
  static async profileExists(id: string): Promise<boolean> {
    return this.exists(id)
  }

  /** One more view, saved; retried when another request saved the profile first. */
  async addView(): Promise<this> {
    for (let attempt = 1; ; attempt++) {
      this.view_count += 1
      try {
        return await this.save()
      } catch (error) {
        if ((error as { code?: string }).code !== 'VERSION_CONFLICT' || attempt === 5) throw error
        Object.assign(this, (await PersistentProfile.load(this.profile_id)).toJson())
      }
    }
  }
}
