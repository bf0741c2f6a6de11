export { generalize, generalizeAge, generalizeDate, generalizeZip } from './generalize.js';
export type { MaskContext, PseudonymKey } from './mask-context.js';
export { type FreeTextResult, maskFreeText } from './mask-free-text.js';
export { maskValue, missingKeyError } from './mask-value.js';
export { partial } from './partial.js';
export {
  type KeyVaultSecretReader,
  MIN_KEY_BYTES,
  pseudonymKeyFrom,
  type ResolveKeyDeps,
  resolvePseudonymKey,
} from './pseudonym-key.js';
export { pseudonymDigest, pseudonymize } from './pseudonymize.js';
export { redactToken } from './redact.js';
export {
  type MethodFor,
  methodResolver,
  RESTRICTED_ZIP3,
  SAFE_HARBOR_AGE_CAP,
  SAFE_HARBOR_MAX_AGE,
  SAFE_HARBOR_METHODS,
} from './safe-harbor.js';
