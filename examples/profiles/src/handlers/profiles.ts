import { randomUUID } from 'node:crypto'
import { ApiError, getModel, isApiError, reply, type HandlerContext, type PersistedModel } from 'macaron'
import { sendWelcome } from '../tasks/welcome.js'

/** A code of this service's own: declared once, with its status. */
export class ProfileNotFound extends ApiError {
  override code = 'PROFILE_NOT_FOUND'
  override status = 404
}

interface ProfileFields {
  profile_id: string
  name: string
  email?: string
  tags?: string[]
  view_count: number
  version: number
  created_at: string
  updated_at: string
}

// The model class createApp built from the Profile schema of apis/profiles.yaml (x-persist).
const Profile = () => getModel('Profile', 'profiles')

async function find(id: string): Promise<PersistedModel & ProfileFields> {
  const profile = await Profile().get(id)
  if (!profile) throw new ProfileNotFound(`Profile ${id} does not exist`)
  return profile as PersistedModel & ProfileFields
}

export async function createProfile({ body }: HandlerContext<{}, {}, {}, {}, Pick<ProfileFields, 'name' | 'email' | 'tags'>>) {
  const profile = await Profile().create({ ...body, profile_id: randomUUID(), view_count: 0 })
  // Handed to the task queue once the 201 has been sent (docs/tasks.md).
  await sendWelcome(profile as PersistedModel & ProfileFields)
  return reply(201, profile, { location: `/profiles/${profile.profile_id}` })
}

export async function getProfile({ params }: HandlerContext<{ profile_id: string }>) {
  // Two readers at once both load version n; one save wins, the other reloads and retries.
  for (let attempt = 1; ; attempt++) {
    const profile = await find(params.profile_id)
    profile.view_count += 1
    try {
      return await profile.save()
    } catch (error) {
      if (!(isApiError(error) && error.code === 'VERSION_CONFLICT') || attempt >= 10) throw error
    }
  }
}

export async function updateProfile({ params, body }: HandlerContext<{ profile_id: string }, {}, {}, {}, Partial<ProfileFields>>) {
  const profile = await find(params.profile_id)
  return profile.update(body)
}

export async function deleteProfile({ params }: HandlerContext<{ profile_id: string }>) {
  const profile = await find(params.profile_id)
  await profile.delete()
  return reply(204)
}

export async function listProfiles({ query }: HandlerContext<{}, { limit: number; cursor?: string; tags?: string[] }>) {
  const page = await Profile().scan({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) })
  // The tag filter applies within the page, so a page may hold fewer than `limit` items.
  const items = page.items.filter((p) => !query.tags || query.tags.every((t) => (p.tags as string[] | undefined)?.includes(t)))
  return page.cursor === undefined ? { items } : { items, next_cursor: page.cursor }
}
