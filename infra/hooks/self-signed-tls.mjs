// A self-signed P-256 server certificate for the proxy's first deployment (dev profile).
// Clients can use sslmode=require with it; verify-full needs a CA-issued certificate.
import selfsigned from 'selfsigned';

const DAY_MS = 24 * 60 * 60 * 1000;

/** @param {string} commonName @returns {Promise<{ certPem: string, keyPem: string }>} */
export async function generateSelfSignedTlsPair(commonName) {
  const notBeforeDate = new Date(Date.now() - 5 * 60 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}
