import { describe, expect, it } from 'vitest';
import {
  type KeyVaultSecretReader,
  resolvePseudonymKey,
} from '../../../../../proxy/masking/methods/index.js';

const SECRET = 'a-32-byte-or-longer-pseudonym-key-value!';

/** The Key Vault port is tested at its boundary: a reader that records what it was asked. */
function recordingVault(answer: () => Promise<string>) {
  const calls: unknown[] = [];
  const reader: KeyVaultSecretReader = {
    getSecret: (ref) => {
      calls.push(ref);
      return answer();
    },
  };
  return { reader, calls };
}

describe('resolvePseudonymKey', () => {
  it('is undefined without a source (pseudonymize then fails closed)', async () => {
    expect(await resolvePseudonymKey(undefined, { mode: 'production' })).toBeUndefined();
  });

  it('accepts a literal key in dev mode only', async () => {
    const source = { source: 'literal', value: SECRET } as const;
    expect((await resolvePseudonymKey(source, { mode: 'dev' }))?.id).toMatch(/^[0-9a-f]{16}$/);
    await expect(resolvePseudonymKey(source, { mode: 'production' })).rejects.toMatchObject({
      code: 'MASKING_KEY_LITERAL_NOT_ALLOWED',
    });
  });

  it('reads an environment variable and names it (never the value) when missing or short', async () => {
    const source = { source: 'env', name: 'PHIGATE_PSEUDONYM_KEY' } as const;
    const ok = await resolvePseudonymKey(source, {
      mode: 'production',
      env: { PHIGATE_PSEUDONYM_KEY: SECRET },
    });
    expect(ok?.id).toBe(
      (await resolvePseudonymKey({ source: 'literal', value: SECRET }, { mode: 'dev' }))?.id,
    );
    await expect(resolvePseudonymKey(source, { mode: 'production', env: {} })).rejects.toMatchObject({
      code: 'MASKING_KEY_MISSING',
      message: expect.stringContaining('PHIGATE_PSEUDONYM_KEY'),
    });
    const short = resolvePseudonymKey(source, {
      mode: 'production',
      env: { PHIGATE_PSEUDONYM_KEY: 'tooshort' },
    });
    await expect(short).rejects.toMatchObject({
      code: 'MASKING_KEY_TOO_SHORT',
      message: expect.not.stringContaining('tooshort'),
    });
  });

  it('asks the Key Vault reader for the configured secret and version', async () => {
    const { reader, calls } = recordingVault(async () => SECRET);
    const source = {
      source: 'keyVault',
      vaultUrl: 'https://kv-phigate.vault.azure.net',
      secretName: 'pseudonym-key',
      version: 'v2',
    } as const;
    expect(await resolvePseudonymKey(source, { mode: 'production', keyVault: reader })).toBeDefined();
    expect(calls).toEqual([
      { vaultUrl: 'https://kv-phigate.vault.azure.net', secretName: 'pseudonym-key', version: 'v2' },
    ]);
  });

  it('fails closed when the vault is not configured or fails', async () => {
    const source = { source: 'keyVault', vaultUrl: 'https://kv.vault.azure.net', secretName: 'k' } as const;
    await expect(resolvePseudonymKey(source, { mode: 'production' })).rejects.toMatchObject({
      code: 'MASKING_KEY_VAULT_UNAVAILABLE',
    });
    const { reader } = recordingVault(async () => {
      throw new Error('403 Forbidden');
    });
    await expect(resolvePseudonymKey(source, { mode: 'production', keyVault: reader })).rejects.toMatchObject(
      {
        code: 'MASKING_KEY_VAULT_FAILED',
        sqlstate: 'PG020',
      },
    );
  });
});
