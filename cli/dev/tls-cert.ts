/**
 * The dev TLS certificate of `phigate dev`: self-signed, for localhost / 127.0.0.1 / ::1,
 * kept under `<dataDir>/dev/tls/` (key mode 600) and reused while it is valid for at least
 * another week and matches its key; otherwise a new one is generated. Clients connect with
 * `sslmode=require` (encrypted, not verified): this certificate is for local use only.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface DevCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

const VALID_DAYS = 365;
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

export const devTlsDir = (dataDir: string) => join(dataDir, 'dev', 'tls');

/** True when the pair is parseable, matching, valid now and for a week, and names all loopback hosts. */
function usable(certPem: string, keyPem: string, now: number): boolean {
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
    if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) - RENEW_BEFORE_MS < now) return false;
    return (
      cert.checkHost('localhost') !== undefined &&
      cert.checkIP('127.0.0.1') !== undefined &&
      cert.checkIP('::1') !== undefined
    );
  } catch {
    return false;
  }
}

async function readPair(
  certFile: string,
  keyFile: string,
): Promise<{ certPem: string; keyPem: string } | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return { certPem, keyPem };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeAtomic(file: string, text: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

export async function ensureDevCertificate(dataDir: string, now = Date.now()): Promise<DevCertificate> {
  const dir = devTlsDir(dataDir);
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readPair(certFile, keyFile);
  if (existing && usable(existing.certPem, existing.keyPem, now)) {
    if (((await stat(keyFile)).mode & 0o077) !== 0) await chmod(keyFile, 0o600);
    return { ...existing, certFile, keyFile };
  }
  const notBeforeDate = new Date(now - 60_000);
  const notAfterDate = new Date(now + VALID_DAYS * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  // Key first: a cert without its key is never left behind as the newer file.
  await writeAtomic(keyFile, pems.private, 0o600);
  await writeAtomic(certFile, pems.cert, 0o644);
  return { certPem: pems.cert, keyPem: pems.private, certFile, keyFile };
}
