import { createHmac, createSecretKey } from 'node:crypto';
import type { PseudonymKeySource } from '../../../core/config/masking.js';
import { PhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import type { PseudonymKey } from './mask-context.js';

/** Smallest key accepted: 32 bytes (the HMAC-SHA256 block is 64; NIST asks for ≥ the output size). */
export const MIN_KEY_BYTES = 32;

/**
 * Reads a secret from Azure Key Vault. The Azure adapter implements it with
 * `@azure/keyvault-secrets` and a managed identity; phigate's core never imports the SDK.
 */
export interface KeyVaultSecretReader {
  getSecret(ref: {
    readonly vaultUrl: string;
    readonly secretName: string;
    readonly version?: string;
  }): Promise<string>;
}

export interface ResolveKeyDeps {
  readonly mode: 'production' | 'dev';
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly keyVault?: KeyVaultSecretReader;
}

const fail = (code: string, message: string, cause?: unknown) =>
  new PhigateError(code, message, { sqlstate: SQLSTATE.maskingUnavailable, status: 503, cause });

/** Builds a key from secret material (UTF-8). The id is an HMAC of a constant: it identifies, never reveals. */
export function pseudonymKeyFrom(secret: string): PseudonymKey {
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length < MIN_KEY_BYTES) {
    throw fail('MASKING_KEY_TOO_SHORT', `the pseudonym key must be at least ${MIN_KEY_BYTES} bytes`);
  }
  const id = createHmac('sha256', bytes).update('phigate pseudonym key id v1').digest('hex').slice(0, 16);
  return { key: createSecretKey(bytes), id };
}

/**
 * Resolves `masking.pseudonymKey`. No source → undefined (pseudonymize then fails closed).
 * A literal key is refused outside dev mode; a missing variable, a short key or an unreachable
 * Key Vault is an error naming the source, never the value.
 */
export async function resolvePseudonymKey(
  source: PseudonymKeySource | undefined,
  deps: ResolveKeyDeps,
): Promise<PseudonymKey | undefined> {
  if (source === undefined) return undefined;
  switch (source.source) {
    case 'literal':
      if (deps.mode !== 'dev') {
        throw fail(
          'MASKING_KEY_LITERAL_NOT_ALLOWED',
          'masking.pseudonymKey: a literal key is accepted in dev mode only',
        );
      }
      return pseudonymKeyFrom(source.value);
    case 'env': {
      const value = (deps.env ?? process.env)[source.name];
      if (value === undefined || value === '') {
        throw fail(
          'MASKING_KEY_MISSING',
          `masking.pseudonymKey: environment variable ${source.name} is not set`,
        );
      }
      return pseudonymKeyFrom(value);
    }
    case 'keyVault': {
      if (deps.keyVault === undefined) {
        throw fail(
          'MASKING_KEY_VAULT_UNAVAILABLE',
          'masking.pseudonymKey: no Key Vault client is configured',
        );
      }
      let value: string;
      try {
        value = await deps.keyVault.getSecret({
          vaultUrl: source.vaultUrl,
          secretName: source.secretName,
          ...(source.version === undefined ? {} : { version: source.version }),
        });
      } catch (error) {
        throw fail(
          'MASKING_KEY_VAULT_FAILED',
          `masking.pseudonymKey: cannot read secret ${source.secretName}`,
          error,
        );
      }
      return pseudonymKeyFrom(value);
    }
  }
}
