import { randomUUID } from 'node:crypto'
import { ApiError, reply, type HandlerContext } from 'macaron'

/** A code of this service's own: declared once, with its status. */
export class ProfileNotFound extends ApiError {
  override code = 'PROFILE_NOT_FOUND'
  override status = 404
}

interface Profile {
  profile_id: string
  name: string
  email?: string
  tags?: string[]
  view_count: number
  created_at: string
}

// Kept in memory until the persistence layer (x-persist) serves this example.
const profiles = new Map<string, Profile>()

function find(id: string): Profile {
  const profile = profiles.get(id)
  if (!profile) throw new ProfileNotFound(`Profile ${id} does not exist`)
  return profile
}

export async function createProfile({ body }: HandlerContext<{}, {}, {}, {}, Pick<Profile, 'name' | 'email' | 'tags'>>) {
  const profile: Profile = { ...body, profile_id: randomUUID(), view_count: 0, created_at: new Date().toISOString() }
  profiles.set(profile.profile_id, profile)
  return reply(201, profile, { location: `/profiles/${profile.profile_id}` })
}

export async function getProfile({ params }: HandlerContext<{ profile_id: string }>) {
  const profile = find(params.profile_id)
  profile.view_count += 1
  return profile
}

export async function updateProfile({ params, body }: HandlerContext<{ profile_id: string }, {}, {}, {}, Partial<Profile>>) {
  const profile = find(params.profile_id)
  Object.assign(profile, body)
  return profile
}

export async function deleteProfile({ params }: HandlerContext<{ profile_id: string }>) {
  find(params.profile_id)
  profiles.delete(params.profile_id)
  return reply(204)
}

export async function listProfiles({ query }: HandlerContext<{}, { limit: number; cursor?: string; tags?: string[] }>) {
  const all = [...profiles.values()].filter((p) => !query.tags || query.tags.every((t) => p.tags?.includes(t)))
  const start = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString()) || 0 : 0
  const items = all.slice(start, start + query.limit)
  const next = start + query.limit < all.length ? Buffer.from(String(start + query.limit)).toString('base64url') : undefined
  return next === undefined ? { items } : { items, next_cursor: next }
}
