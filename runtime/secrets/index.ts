// Runtime secrets — public surface: resolution at run start and the per-run masker.
export { resolveSecrets, SecretResolutionError } from './resolve-secrets.js';
export { SecretMasker, SECRET_MASK, type MaskedError } from './secret-masker.js';
export { credentialsInUrl, isCredentialName, shownUrl } from './held-credentials.js';
