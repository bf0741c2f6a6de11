/**
 * Opens an authenticated protocol-3.0 connection to the upstream PostgreSQL with the
 * credentials phigate holds, and reads the server's greeting up to the first ReadyForQuery.
 */
import { createHash } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { PhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import { AUTH, BE } from '../protocol/codes.js';
import { decodeFields, ProtocolError } from '../protocol/decode.js';
import { type Frame, FrameReader } from '../protocol/frame-reader.js';
import * as w from '../protocol/writer.js';
import { FIELD } from '../protocol/writer.js';
import { ReusableReads } from './reusable-reads.js';
import { startScram } from './scram.js';

export interface UpstreamTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: () => Promise<string>;
  tls: { mode: 'disable' | 'require' | 'verify-full'; ca?: string | undefined };
  connectTimeoutMs: number;
}

export interface UpstreamConnection {
  socket: Socket | TLSSocket;
  /** Where the socket's data goes: set `reads.handler` to receive it (chunks are reused). */
  reads: ReusableReads;
  /** ParameterStatus frames of the greeting, relayed to the client as they are. */
  parameterStatus: Buffer[];
  /** The upstream's real cancel key; never sent to the client. */
  backendPid: number;
  backendSecret: Buffer;
  txStatus: number;
  /** Bytes read past the greeting (normally none). */
  leftover: Buffer;
}

const fail = (message: string, cause?: unknown, upstreamCode?: string) =>
  new PhigateError('UPSTREAM_CONNECT_FAILED', message, {
    sqlstate: SQLSTATE.sqlclientUnableToEstablishSqlconnection,
    detail: upstreamCode ? `upstream SQLSTATE ${upstreamCode}` : undefined,
    cause,
  });

function openSocket(target: UpstreamTarget, reads?: ReusableReads): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const onread = reads ? { onread: { buffer: reads.next, callback: reads.callback } } : {};
    // A host starting with '/' is a Unix-socket directory, as in libpq (co-located upstream).
    const socket = target.host.startsWith('/')
      ? netConnect({ path: `${target.host}/.s.PGSQL.${target.port}`, ...onread })
      : netConnect({ host: target.host, port: target.port, ...onread });
    socket.setNoDelay(true);
    const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), target.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** SSLRequest, then a TLS handshake over the same socket. */
async function upgradeTls(socket: Socket, target: UpstreamTarget): Promise<TLSSocket> {
  socket.write(w.untypedCode(80877103));
  const answer = await new Promise<number>((resolve, reject) => {
    socket.once('data', (d) => resolve(d[0]!));
    socket.once('error', reject);
  });
  if (answer !== 0x53) throw new Error('upstream does not offer TLS');
  return await new Promise<TLSSocket>((resolve, reject) => {
    const tls = tlsConnect({
      socket,
      servername: target.host,
      rejectUnauthorized: target.tls.mode === 'verify-full',
      ...(target.tls.ca ? { ca: target.tls.ca } : {}),
    });
    tls.once('secureConnect', () => resolve(tls));
    tls.once('error', reject);
  });
}

/** Pulls frames from the socket until `onFrame` returns true (greeting done). */
function readUntil(
  socket: Socket,
  reads: ReusableReads,
  reader: FrameReader,
  onFrame: (f: Frame) => boolean | Promise<boolean>,
  timeoutMs: number,
) {
  return new Promise<void>((resolve, reject) => {
    let busy = false;
    const timer = setTimeout(() => finish(new Error('upstream greeting timed out')), timeoutMs);
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      reads.handler = () => undefined;
      socket.off('error', finish);
      socket.off('close', onClose);
      error ? reject(error) : resolve();
    };
    const onClose = () => finish(new Error('upstream closed the connection during startup'));
    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        for (;;) {
          const r = reader.next();
          if (r.kind === 'need-more') break;
          if (r.kind !== 'frame') throw new ProtocolError('upstream sent an invalid frame during startup');
          if (await onFrame(r.frame)) return finish();
        }
      } catch (e) {
        return finish(e);
      } finally {
        busy = false;
      }
    };
    reads.handler = (chunk: Buffer) => {
      // The chunk's memory is reused for the next read: keep a copy.
      reader.push(Buffer.from(chunk));
      void pump();
    };
    socket.once('error', finish);
    socket.once('close', onClose);
  });
}

export async function connectUpstream(
  target: UpstreamTarget,
  startupParams: Record<string, string>,
): Promise<UpstreamConnection> {
  let socket: Socket | TLSSocket;
  const reads = new ReusableReads();
  try {
    if (target.tls.mode === 'disable') socket = await openSocket(target, reads);
    else {
      socket = await upgradeTls(await openSocket(target), target);
      socket.on('data', (chunk: Buffer) => reads.handler(chunk));
    }
  } catch (e) {
    throw fail('cannot reach the upstream database', e);
  }
  const reader = new FrameReader(1 << 26);
  const parameterStatus: Buffer[] = [];
  let backendPid = 0;
  let backendSecret = Buffer.alloc(0);
  let txStatus = 0x49;
  let scram: ReturnType<typeof startScram> | undefined;
  socket.write(w.startupMessage({ user: target.user, database: target.database, ...startupParams }));
  try {
    await readUntil(
      socket,
      reads,
      reader,
      async (f) => {
        switch (f.type) {
          case BE.authentication: {
            const code = f.bytes.readInt32BE(5);
            if (code === AUTH.ok) return false;
            if (code === AUTH.cleartextPassword) socket.write(w.passwordMessage(await target.password()));
            else if (code === AUTH.md5Password) {
              const salt = f.bytes.subarray(9, 13);
              const inner = createHash('md5')
                .update(`${await target.password()}${target.user}`)
                .digest('hex');
              const outer = createHash('md5').update(inner).update(salt).digest('hex');
              socket.write(w.passwordMessage(`md5${outer}`));
            } else if (code === AUTH.sasl) {
              const mechanisms = f.bytes.toString('utf8', 9, f.bytes.length).split('\0');
              if (!mechanisms.includes('SCRAM-SHA-256'))
                throw fail('upstream offers no supported SASL mechanism');
              scram = startScram(await target.password());
              socket.write(w.saslInitialResponse('SCRAM-SHA-256', scram.clientFirst));
            } else if (code === AUTH.saslContinue && scram) {
              socket.write(w.saslResponse(scram.clientFinal(f.bytes.toString('utf8', 9))));
            } else if (code === AUTH.saslFinal && scram) {
              scram.verifyServerFinal(f.bytes.toString('utf8', 9));
            } else throw fail(`upstream asks for an unsupported authentication method (${code})`);
            return false;
          }
          case BE.parameterStatus:
            parameterStatus.push(Buffer.from(f.bytes));
            return false;
          case BE.backendKeyData:
            backendPid = f.bytes.readInt32BE(5);
            backendSecret = Buffer.from(f.bytes.subarray(9));
            return false;
          case BE.noticeResponse:
          case BE.negotiateProtocolVersion:
            return false;
          case BE.errorResponse: {
            const code = decodeFields(f).get(FIELD.code);
            throw fail('the upstream database refused the connection', undefined, code);
          }
          case BE.readyForQuery:
            txStatus = f.bytes[5]!;
            return true;
          default:
            throw new ProtocolError('upstream sent an unexpected message during startup');
        }
      },
      target.connectTimeoutMs,
    );
  } catch (e) {
    socket.destroy();
    throw e instanceof PhigateError ? e : fail('upstream startup failed', e);
  }
  return {
    socket,
    reads,
    parameterStatus,
    backendPid,
    backendSecret,
    txStatus,
    leftover: Buffer.from(reader.drain()),
  };
}

/** Sends a CancelRequest for the given upstream backend on a fresh connection. */
export async function cancelUpstream(target: UpstreamTarget, pid: number, secret: Buffer): Promise<void> {
  let socket: Socket | TLSSocket = await openSocket(target);
  try {
    if (target.tls.mode !== 'disable') socket = await upgradeTls(socket, target);
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.once('error', () => resolve());
      socket.end(w.cancelRequest(pid, secret));
    });
  } finally {
    socket.destroy();
  }
}
