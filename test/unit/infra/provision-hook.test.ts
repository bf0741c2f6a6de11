import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkTlsPair,
  GENERATED_KEYS,
  type ProvisionIo,
  planProvisionSecrets,
  TLS_CERT_ENV,
  TLS_KEY_ENV,
  type VaultRead,
} from '../../../infra/hooks/provision-secrets.mjs';
import { generateSelfSignedTlsPair } from '../../../infra/hooks/self-signed-tls.mjs';
import { REPO_ROOT } from './lib/infra-files.js';

const REQUIRED = {
  PHIGATE_AGENT_AUDIENCE: 'api://phigate-agents',
  PHIGATE_CONTROL_PLANE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  PHIGATE_APPROVERS_GROUP_ID: '11111111-2222-3333-4444-555555555555',
  PHIGATE_PG_ADMIN_NAME: 'operator@example.org',
  AZURE_ENV_NAME: 'dev',
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Real certificate generation; the vault is a table the test controls (az is not on this machine). */
function io(vault: Record<string, VaultRead> = {}): ProvisionIo & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readVaultSecret(name, secret) {
      reads.push(`${name}/${secret}`);
      return vault[secret] ?? { status: 'missing' };
    },
    generateTlsPair: generateSelfSignedTlsPair,
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'phigate-hook-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('preprovision: settings and secrets', () => {
  it('lists every missing required setting by name', async () => {
    const plan = await planProvisionSecrets({}, io());
    expect(plan.problems).toEqual([
      expect.stringMatching(/^PHIGATE_AGENT_AUDIENCE is not set/),
      expect.stringMatching(/^PHIGATE_CONTROL_PLANE_CLIENT_ID is not set/),
      expect.stringMatching(/^PHIGATE_APPROVERS_GROUP_ID is not set/),
      expect.stringMatching(/^PHIGATE_PG_ADMIN_NAME is not set/),
    ]);
    const noDemo = await planProvisionSecrets(
      { ...REQUIRED, PHIGATE_PG_ADMIN_NAME: '', PHIGATE_DEMO_POSTGRES: 'false' },
      io(),
    );
    expect(noDemo.problems).toEqual([]);
  });

  it('rejects malformed ids without echoing them', async () => {
    const plan = await planProvisionSecrets({ ...REQUIRED, PHIGATE_APPROVERS_GROUP_ID: 'approvers' }, io());
    expect(plan.problems).toEqual([expect.stringMatching(/^PHIGATE_APPROVERS_GROUP_ID is not valid/)]);
    expect(plan.problems.join()).not.toContain("'approvers'");
  });

  it('generates what a first provision needs: strong keys and a working TLS pair', async () => {
    const plan = await planProvisionSecrets(REQUIRED, io());
    expect(plan.problems).toEqual([]);
    expect(Object.keys(plan.set).sort()).toEqual(
      [...GENERATED_KEYS.map((k) => k.env), TLS_CERT_ENV, TLS_KEY_ENV].sort(),
    );
    expect(Buffer.from(plan.set.PHIGATE_APPROVAL_SIGNING_KEY!, 'base64')).toHaveLength(32);
    expect(Buffer.byteLength(plan.set.PHIGATE_PSEUDONYM_KEY!)).toBeGreaterThanOrEqual(32);
    expect(plan.set.PHIGATE_FUNCTIONS_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(checkTlsPair(plan.set[TLS_CERT_ENV]!, plan.set[TLS_KEY_ENV]!)).toBeNull();
    const cert = new X509Certificate(Buffer.from(plan.set[TLS_CERT_ENV]!, 'base64').toString());
    expect(cert.subject).toBe('CN=phigate-dev');
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(plan.notes.join('\n')).not.toContain(plan.set.PHIGATE_APPROVAL_SIGNING_KEY!);
    // Two runs never produce the same key.
    const again = await planProvisionSecrets(REQUIRED, io());
    expect(again.set.PHIGATE_APPROVAL_SIGNING_KEY).not.toBe(plan.set.PHIGATE_APPROVAL_SIGNING_KEY);
  });

  it('keeps values that are already set and only checks them', async () => {
    const pair = await generateSelfSignedTlsPair('phigate-prod');
    const env = {
      ...REQUIRED,
      PHIGATE_APPROVAL_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64'),
      PHIGATE_PSEUDONYM_KEY: 'k'.repeat(40),
      PHIGATE_FUNCTIONS_KEY: 'a'.repeat(40),
      [TLS_CERT_ENV]: b64(pair.certPem),
      [TLS_KEY_ENV]: b64(pair.keyPem),
    };
    const plan = await planProvisionSecrets(env, io());
    expect(plan).toEqual({ set: {}, problems: [], notes: [] });
  });

  it('refuses weak or mismatched values, naming the variable and never the value', async () => {
    const a = await generateSelfSignedTlsPair('a');
    const b = await generateSelfSignedTlsPair('b');
    const env = {
      ...REQUIRED,
      PHIGATE_APPROVAL_SIGNING_KEY: b64('short'),
      PHIGATE_PSEUDONYM_KEY: 'tiny',
      PHIGATE_FUNCTIONS_KEY: 'has spaces and is long enough to pass length',
      [TLS_CERT_ENV]: b64(a.certPem),
      [TLS_KEY_ENV]: b64(b.keyPem),
    };
    const plan = await planProvisionSecrets(env, io());
    expect(plan.problems).toEqual([
      'PHIGATE_APPROVAL_SIGNING_KEY is not valid: base64 of at least 32 bytes',
      'PHIGATE_PSEUDONYM_KEY is not valid: at least 32 bytes',
      'PHIGATE_FUNCTIONS_KEY is not valid: at least 32 letters or digits',
      `${TLS_KEY_ENV} is not the private key of ${TLS_CERT_ENV}`,
    ]);
    expect(plan.problems.join()).not.toContain('tiny');
    expect(plan.set).toEqual({});
    expect(checkTlsPair(b64('not a pem'), b64(a.keyPem))).toBe(
      `${TLS_CERT_ENV} is not a base64-encoded PEM certificate`,
    );
    expect(checkTlsPair(b64(a.certPem), '')).toBe(`${TLS_KEY_ENV} is not a base64-encoded PEM private key`);
    expect(createPrivateKey(a.keyPem).asymmetricKeyType).toBe('ec');
  });

  it('restores from the existing Key Vault instead of generating (no silent rotation)', async () => {
    const pair = await generateSelfSignedTlsPair('kept');
    const vault: Record<string, VaultRead> = {
      'approval-signing-key': { status: 'found', value: 'A'.repeat(44) },
      'masking-pseudonym-key': { status: 'found', value: 'p'.repeat(43) },
      'control-plane-function-key': { status: 'found', value: 'f'.repeat(64) },
      'proxy-tls-cert': { status: 'found', value: pair.certPem },
      'proxy-tls-key': { status: 'found', value: pair.keyPem },
    };
    const reader = io(vault);
    const plan = await planProvisionSecrets({ ...REQUIRED, AZURE_KEY_VAULT_NAME: 'kv-abc' }, reader);
    expect(plan.problems).toEqual([]);
    expect(plan.set).toEqual({
      PHIGATE_APPROVAL_SIGNING_KEY: 'A'.repeat(44),
      PHIGATE_PSEUDONYM_KEY: 'p'.repeat(43),
      PHIGATE_FUNCTIONS_KEY: 'f'.repeat(64),
      [TLS_CERT_ENV]: b64(pair.certPem),
      [TLS_KEY_ENV]: b64(pair.keyPem),
    });
    expect(reader.reads).toContain('kv-abc/masking-pseudonym-key');
  });

  it('stops when the vault exists but cannot be read, rather than replacing the deployed value', async () => {
    const vault: Record<string, VaultRead> = {
      'masking-pseudonym-key': { status: 'error', reason: 'az exited with status 1' },
    };
    const plan = await planProvisionSecrets({ ...REQUIRED, AZURE_KEY_VAULT_NAME: 'kv-abc' }, io(vault));
    expect(plan.problems).toEqual([
      expect.stringMatching(/^PHIGATE_PSEUDONYM_KEY is not set and secret masking-pseudonym-key/),
    ]);
    expect(plan.set.PHIGATE_PSEUDONYM_KEY).toBeUndefined();
    // Secrets missing from an existing vault (e.g. a first provision that failed) are generated.
    expect(plan.set.PHIGATE_APPROVAL_SIGNING_KEY).toBeDefined();
  });
});

describe('preprovision.mjs as azd runs it', () => {
  // azd is not installed here: a stand-in records the `azd env set NAME VALUE` calls the hook makes.
  const bin = join(tmp, 'bin');
  const calls = join(tmp, 'azd-calls.txt');
  const setup = () => {
    rmSync(calls, { force: true });
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'azd'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${calls}"\n`);
    chmodSync(join(bin, 'azd'), 0o755);
  };
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['infra/hooks/preprovision.mjs'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HOME: tmp, ...env },
    });

  it('stores generated values with azd env set and prints none of them', () => {
    setup();
    const r = run(REQUIRED);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = readFileSync(calls, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(0, 3).join(' ')).sort()).toEqual(
      [
        ...GENERATED_KEYS.map((k) => `env set ${k.env}`),
        `env set ${TLS_CERT_ENV}`,
        `env set ${TLS_KEY_ENV}`,
      ].sort(),
    );
    for (const line of lines) {
      const value = line.split(' ')[3]!;
      expect(value.length).toBeGreaterThan(30);
      expect(r.stdout).not.toContain(value);
    }
    expect(r.stdout).toContain('generated a self-signed certificate');
  });

  it('exits non-zero, naming what is missing, and sets nothing', () => {
    setup();
    const r = run({ AZURE_ENV_NAME: 'dev' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PHIGATE_AGENT_AUDIENCE is not set');
    expect(r.stderr).toContain('azd env set NAME VALUE');
    expect(() => readFileSync(calls, 'utf8')).toThrow();
  });
});
