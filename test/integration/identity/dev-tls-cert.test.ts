/**
 * The dev TLS certificate: generated once under the data dir (key mode 600), reused, renewed
 * when it expires or no longer matches its key, and accepted by a real TLS client that
 * checks the name for localhost, 127.0.0.1 and ::1.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevCertificate } from '../../../cli/dev/tls-cert.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'phigate-tls-'));
  dirs.push(d);
  return d;
};

async function handshake(cert: { certPem: string; keyPem: string }, host: string, servername?: string) {
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (s) => s.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve, reject) => {
      const socket = connect({ host, port, ca: cert.certPem, ...(servername && { servername }) }, () => {
        socket.once('data', (d) => {
          resolve(d.toString());
          socket.end();
        });
      });
      socket.once('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('dev TLS certificate', () => {
  it('is created under <dataDir>/dev/tls with a private key file (600) and reused', async () => {
    const dataDir = tempDir();
    const first = await ensureDevCertificate(dataDir);
    expect(first.certFile).toBe(join(dataDir, 'dev', 'tls', 'cert.pem'));
    expect(first.keyFile).toBe(join(dataDir, 'dev', 'tls', 'key.pem'));
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    const x = new X509Certificate(first.certPem);
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkIP('::1')).toBeDefined();
    expect(x.checkHost('example.com')).toBeUndefined();
    expect(Date.parse(x.validTo)).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
    const second = await ensureDevCertificate(dataDir);
    expect(second.certPem).toBe(first.certPem);
    expect(second.keyPem).toBe(first.keyPem);
  });

  it('passes a verifying TLS client for localhost, 127.0.0.1 and ::1', async () => {
    const cert = await ensureDevCertificate(tempDir());
    expect(await handshake(cert, '127.0.0.1', 'localhost')).toBe('ok');
    expect(await handshake(cert, '127.0.0.1')).toBe('ok');
    expect(await handshake(cert, '::1')).toBe('ok');
  });

  it('is renewed when it is about to expire, and when cert and key do not match', async () => {
    const dataDir = tempDir();
    const first = await ensureDevCertificate(dataDir);
    const later = await ensureDevCertificate(dataDir, Date.now() + 360 * 24 * 3600 * 1000);
    expect(later.certPem).not.toBe(first.certPem);
    const otherDir = tempDir();
    const other = await ensureDevCertificate(otherDir);
    writeFileSync(later.keyFile, other.keyPem, { mode: 0o600 });
    const fixed = await ensureDevCertificate(dataDir);
    expect(fixed.certPem).not.toBe(later.certPem);
    expect(
      new X509Certificate(fixed.certPem).checkPrivateKey(
        (await import('node:crypto')).createPrivateKey(fixed.keyPem),
      ),
    ).toBe(true);
    writeFileSync(fixed.certFile, 'garbage');
    const fromGarbage = await ensureDevCertificate(dataDir);
    expect(fromGarbage.certPem).toContain('BEGIN CERTIFICATE');
    expect(statSync(fromGarbage.keyFile).mode & 0o777).toBe(0o600);
  });
});
