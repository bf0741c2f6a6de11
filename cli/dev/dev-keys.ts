/**
 * The dev OIDC issuer's RS256 signing keys, kept under `<dataDir>/dev/issuer/signing-keys.json`
 * (mode 600) so a second start, and `phigate token` without a running server, sign with the
 * same key. The newest key signs; older keys stay published in the JWKS (like a real issuer
 * during a rotation) up to MAX_KEYS.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';

export const DEV_KEY_ALG = 'RS256';

type SigningKey = Awaited<ReturnType<typeof importJWK>>;
const FILE = 'signing-keys.json';
const MAX_KEYS = 3;

const rsaPrivateJwk = z.looseObject({
  kty: z.literal('RSA'),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});

const keyFileSchema = z.strictObject({
  keys: z
    .array(
      z.strictObject({ kid: z.string().min(1), createdAt: z.string().min(1), privateJwk: rsaPrivateJwk }),
    )
    .min(1),
});

export interface DevSigningKey {
  readonly kid: string;
  readonly createdAt: string;
  readonly privateJwk: JWK;
}

export interface DevKeyRing {
  /** The key that signs new tokens (the newest). */
  readonly active: DevSigningKey;
  readonly keys: readonly DevSigningKey[];
  /** The public half of every key, as served by the JWKS endpoint. */
  readonly jwks: { readonly keys: readonly JWK[] };
  /** The active private key, imported for signing. */
  readonly signingKey: SigningKey;
}

export const devIssuerDir = (dataDir: string) => join(dataDir, 'dev', 'issuer');
const keyFile = (dataDir: string) => join(devIssuerDir(dataDir), FILE);

function publicJwk(key: DevSigningKey): JWK {
  const { kty, n, e } = key.privateJwk;
  return { kty, n, e, kid: key.kid, alg: DEV_KEY_ALG, use: 'sig' };
}

async function ring(keys: readonly DevSigningKey[]): Promise<DevKeyRing> {
  const active = keys[keys.length - 1];
  if (!active) throw new Error('dev issuer key ring is empty');
  const signingKey = await importJWK(active.privateJwk, DEV_KEY_ALG);
  return Object.freeze({
    active,
    keys: Object.freeze([...keys]),
    jwks: Object.freeze({ keys: Object.freeze(keys.map(publicJwk)) }),
    signingKey,
  });
}

async function newKey(): Promise<DevSigningKey> {
  const { privateKey } = await generateKeyPair(DEV_KEY_ALG, { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: privateJwk.n, e: privateJwk.e });
  return { kid, createdAt: new Date().toISOString(), privateJwk };
}

async function save(dataDir: string, keys: readonly DevSigningKey[]): Promise<void> {
  const dir = devIssuerDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${keyFile(dataDir)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, keyFile(dataDir));
}

/** Reads the key ring; undefined when there is none yet. Throws when the file is unusable. */
export async function readDevKeys(dataDir: string): Promise<DevKeyRing | undefined> {
  const file = keyFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the dev issuer keys ${file}`, { cause: error });
  }
  // The private key must stay private to this user, even if someone loosened the mode.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  let parsed: z.infer<typeof keyFileSchema>;
  try {
    parsed = keyFileSchema.parse(JSON.parse(text));
  } catch {
    throw new Error(`the dev issuer keys ${file} are corrupt: delete the file to generate new keys`);
  }
  return ring(
    parsed.keys.map((k) => ({ kid: k.kid, createdAt: k.createdAt, privateJwk: k.privateJwk as JWK })),
  );
}

/** Reads the key ring, or creates one with a fresh key. */
export async function loadOrCreateDevKeys(dataDir: string): Promise<DevKeyRing> {
  const existing = await readDevKeys(dataDir);
  if (existing) return existing;
  const keys = [await newKey()];
  await save(dataDir, keys);
  return ring(keys);
}

/** Adds a new signing key (it becomes active); the previous ones stay published. */
export async function rotateDevKey(dataDir: string): Promise<DevKeyRing> {
  const existing = (await readDevKeys(dataDir))?.keys ?? [];
  const keys = [...existing, await newKey()].slice(-MAX_KEYS);
  await save(dataDir, keys);
  return ring(keys);
}
