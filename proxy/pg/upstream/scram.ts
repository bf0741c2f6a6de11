/**
 * Client side of SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL uses it: the user name
 * in the SCRAM exchange is empty (the server takes it from the startup packet) and no
 * channel binding is requested (gs2 header `n,,`).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export class ScramError extends Error {}

export interface ScramSession {
  /** Data of SASLInitialResponse. */
  readonly clientFirst: Buffer;
  /** Given the server-first message, returns the client-final message. */
  clientFinal(serverFirst: string): Buffer;
  /** Checks the server's signature in server-final (mutual authentication). */
  verifyServerFinal(serverFinal: string): void;
}

const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export function startScram(password: string): ScramSession {
  const clientNonce = randomBytes(18).toString('base64');
  const clientFirstBare = `n=,r=${clientNonce}`;
  let serverSignature: Buffer | undefined;
  return {
    clientFirst: Buffer.from(`n,,${clientFirstBare}`),
    clientFinal(serverFirst) {
      const attrs = new Map(serverFirst.split(',').map((kv) => [kv.slice(0, 1), kv.slice(2)] as const));
      const nonce = attrs.get('r');
      const salt = attrs.get('s');
      const iterations = Number(attrs.get('i'));
      if (!nonce || !salt || !Number.isInteger(iterations) || iterations < 1) {
        throw new ScramError('malformed SCRAM server-first message');
      }
      if (!nonce.startsWith(clientNonce)) throw new ScramError('SCRAM server nonce does not extend ours');
      const salted = pbkdf2Sync(
        password.normalize('NFKC'),
        Buffer.from(salt, 'base64'),
        iterations,
        32,
        'sha256',
      );
      const clientKey = hmac(salted, 'Client Key');
      const storedKey = createHash('sha256').update(clientKey).digest();
      const withoutProof = `c=biws,r=${nonce}`;
      const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
      const signature = hmac(storedKey, authMessage);
      const proof = Buffer.alloc(clientKey.length);
      for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ signature[i]!;
      serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
      return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`);
    },
    verifyServerFinal(serverFinal) {
      const v = serverFinal.split(',').find((kv) => kv.startsWith('v='));
      if (!v || !serverSignature) throw new ScramError('malformed SCRAM server-final message');
      const got = Buffer.from(v.slice(2), 'base64');
      if (got.length !== serverSignature.length || !timingSafeEqual(got, serverSignature)) {
        throw new ScramError('upstream server signature does not match (not the server we expected)');
      }
    },
  };
}
