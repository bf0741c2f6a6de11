// What must exist in the azd environment before `azd provision`, decided without side effects so
// it can be tested: required settings are checked, and the secrets main.bicep writes to Key Vault
// (proxy TLS pair, approval signing key, pseudonym key, control plane function key) are taken from the environment, else read
// back from the environment's existing Key Vault, else generated. A value that cannot be read
// back from an existing vault is a problem, never a reason to generate a new one: a silently
// rotated pseudonym key would change every pseudonym, a rotated signing key would void links.
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Settings the operator must provide (azd env set NAME VALUE). */
export const REQUIRED_SETTINGS = [
  {
    name: 'PHIGATE_AGENT_AUDIENCE',
    valid: (v) => v.length > 0,
    hint: 'the aud claim of the access tokens agents present (e.g. api://<client id of the phigate API app>)',
  },
  {
    name: 'PHIGATE_CONTROL_PLANE_CLIENT_ID',
    valid: (v) => GUID.test(v),
    hint: 'client id (GUID) of the app registration that protects the control plane',
  },
  {
    name: 'PHIGATE_APPROVERS_GROUP_ID',
    valid: (v) => GUID.test(v),
    hint: 'object id (GUID) of the Entra group whose members approve statements',
  },
];

/** Secrets generated once and then kept (env -> Key Vault secret name). */
export const GENERATED_KEYS = [
  {
    env: 'PHIGATE_APPROVAL_SIGNING_KEY',
    secret: 'approval-signing-key',
    generate: () => randomBytes(32).toString('base64'),
    valid: (v) => Buffer.from(v, 'base64').length >= 32,
    rule: 'base64 of at least 32 bytes',
  },
  {
    env: 'PHIGATE_PSEUDONYM_KEY',
    secret: 'masking-pseudonym-key',
    generate: () => randomBytes(32).toString('base64url'),
    valid: (v) => Buffer.byteLength(v, 'utf8') >= 32,
    rule: 'at least 32 bytes',
  },
  {
    env: 'PHIGATE_FUNCTIONS_KEY',
    secret: 'control-plane-function-key',
    generate: () => randomBytes(32).toString('hex'),
    valid: (v) => /^[A-Za-z0-9]{32,}$/.test(v),
    rule: 'at least 32 letters or digits',
  },
];

export const TLS_CERT_ENV = 'PHIGATE_TLS_CERT_PEM_B64';
export const TLS_KEY_ENV = 'PHIGATE_TLS_KEY_PEM_B64';
const TLS_SECRETS = { cert: 'proxy-tls-cert', key: 'proxy-tls-key' };

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (value) => Buffer.from(value, 'base64').toString('utf8');

/** Checks a base64 PEM pair; returns a problem (naming the variables, never the values) or null. */
export function checkTlsPair(certB64, keyB64) {
  let cert;
  let key;
  try {
    cert = new X509Certificate(unb64(certB64));
  } catch {
    return `${TLS_CERT_ENV} is not a base64-encoded PEM certificate`;
  }
  try {
    key = createPrivateKey(unb64(keyB64));
  } catch {
    return `${TLS_KEY_ENV} is not a base64-encoded PEM private key`;
  }
  if (!cert.checkPrivateKey(key)) return `${TLS_KEY_ENV} is not the private key of ${TLS_CERT_ENV}`;
  if (Date.parse(cert.validTo) <= Date.now()) return `${TLS_CERT_ENV} has expired (${cert.validTo})`;
  return null;
}

/**
 * @param {Record<string, string | undefined>} env the azd environment (hooks receive it as process env)
 * @param {{
 *   readVaultSecret: (vault: string, name: string) => Promise<
 *     { status: 'found', value: string } | { status: 'missing' } | { status: 'error', reason: string }>,
 *   generateTlsPair: (commonName: string) => Promise<{ certPem: string, keyPem: string }>,
 * }} io
 * @returns {Promise<{ set: Record<string, string>, problems: string[], notes: string[] }>}
 */
export async function planProvisionSecrets(env, io) {
  const set = {};
  const problems = [];
  const notes = [];
  const value = (name) => (env[name] ?? '').trim();
  const vault = value('AZURE_KEY_VAULT_NAME');

  for (const s of REQUIRED_SETTINGS) {
    const v = value(s.name);
    if (!v) problems.push(`${s.name} is not set: ${s.hint}`);
    else if (!s.valid(v)) problems.push(`${s.name} is not valid: ${s.hint}`);
  }
  if (value('PHIGATE_DEMO_POSTGRES') !== 'false' && !value('PHIGATE_PG_ADMIN_NAME')) {
    problems.push(
      'PHIGATE_PG_ADMIN_NAME is not set: the Entra administrator of the demo PostgreSQL server (your UPN), or set PHIGATE_DEMO_POSTGRES=false',
    );
  }

  // Reads a secret back from the existing vault; null means "generate".
  const recover = async (secret, envName) => {
    if (!vault) return null;
    const r = await io.readVaultSecret(vault, secret);
    if (r.status === 'found') {
      notes.push(`${envName}: restored from Key Vault ${vault} (secret ${secret})`);
      return r.value;
    }
    if (r.status === 'missing') return null;
    problems.push(
      `${envName} is not set and secret ${secret} could not be read from Key Vault ${vault} (${r.reason}); ` +
        'restore access or set it yourself: generating a new one would replace the deployed value',
    );
    return undefined;
  };

  for (const k of GENERATED_KEYS) {
    const existing = value(k.env);
    if (existing) {
      if (!k.valid(existing)) problems.push(`${k.env} is not valid: ${k.rule}`);
      continue;
    }
    const restored = await recover(k.secret, k.env);
    if (restored === undefined) continue;
    if (restored !== null) {
      set[k.env] = restored;
    } else {
      set[k.env] = k.generate();
      notes.push(`${k.env}: generated (32 random bytes)`);
    }
  }

  const cert = value(TLS_CERT_ENV);
  const key = value(TLS_KEY_ENV);
  if (cert || key) {
    if (!cert || !key) problems.push(`${TLS_CERT_ENV} and ${TLS_KEY_ENV} must be set together`);
    else {
      const problem = checkTlsPair(cert, key);
      if (problem) problems.push(problem);
    }
  } else {
    const restoredCert = await recover(TLS_SECRETS.cert, TLS_CERT_ENV);
    const restoredKey = restoredCert ? await recover(TLS_SECRETS.key, TLS_KEY_ENV) : restoredCert;
    if (restoredCert && restoredKey) {
      set[TLS_CERT_ENV] = b64(restoredCert);
      set[TLS_KEY_ENV] = b64(restoredKey);
    } else if (restoredCert === null || (restoredCert && restoredKey === null)) {
      const pair = await io.generateTlsPair(`phigate-${value('AZURE_ENV_NAME') || 'dev'}`);
      set[TLS_CERT_ENV] = b64(pair.certPem);
      set[TLS_KEY_ENV] = b64(pair.keyPem);
      notes.push(
        `${TLS_CERT_ENV}/${TLS_KEY_ENV}: generated a self-signed certificate (clients must use sslmode=require; ` +
          'install a CA-issued certificate for verify-full, see docs/operators.md)',
      );
    }
  }
  return { set, problems, notes };
}
