import { timingSafeEqual } from 'node:crypto'
import type { ApiKeyVerifier, BasicVerifier, HandlerContext } from 'macaron'

// #region verify
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
const partners: Record<string, string> = { 'pk-acme-123': 'acme' }

/** apiKey: return the caller's id (or { id, claims, scopes }), or a falsy value to refuse. */
export const verifyPartnerKey: ApiKeyVerifier = (key) => {
  const match = Object.keys(partners).find((known) => same(known, key))
  return match ? { id: partners[match]!, scopes: ['orders:read'] } : null
}

/** http basic: the same contract, with the username and password. */
export const verifyAdmin: BasicVerifier = (username, password) => (username === 'admin' && same(password, 'correct horse') ? 'admin' : false)
// #endregion

// #region hook
/** x-decorate-server: runs after security, before the handler, with the handler's context. */
export async function loadCustomer(context: HandlerContext) {
  context.state.customer = { id: context.user!.id, name: String(context.user!.claims.name ?? 'unknown') }
}
// #endregion
