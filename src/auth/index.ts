// Pure JWT: keys, verification, signing. No request or HTTP types here; the security stage
// in src/pipeline/security turns these results into responses.
export { TokenError, type TokenProblem } from './errors.js'
export { buildKey, MIN_SECRET_BYTES, type KeySpec, type VerificationKey } from './keys.js'
export { createTokenVerifier, type TokenVerifier, type VerifiedToken, type VerifierOptions } from './verify.js'
export { createTokenSigner, type TokenOptions, type TokenSigner } from './sign.js'
export { jwtFromConfig, type JwtSetup } from './from-config.js'
