import type { TokenOptions, TokenSigner } from '../auth/sign.js'
import { currentContext } from './index.js'

// Outside a request, generateToken signs with the keys of the app created last in this process.
let fallbackSigner: TokenSigner | undefined

export function setDefaultSigner(signer: TokenSigner | undefined): void {
  if (signer) fallbackSigner = signer
}

/**
 * A signed JWT for `userId`, with the service's configured key, issuer, audience and lifetime
 * (each can be overridden). Inside a request it uses the keys of the app serving it.
 */
export async function generateToken(userId: string, options?: TokenOptions): Promise<string> {
  const signer = currentContext()?.signer ?? fallbackSigner
  if (!signer) throw new Error('generateToken: no signing key is configured (jwt.keys needs a secret or a private_key)')
  return signer(userId, options)
}
