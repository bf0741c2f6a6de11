/**
 * The startup phase of one client connection: optional SSLRequest (TLS termination) or
 * GSSENCRequest (declined), then either a CancelRequest or a protocol-3 StartupMessage.
 */
import type { Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import { SQLSTATE } from '../../../core/sqlstate.js';
import { STARTUP } from '../protocol/codes.js';
import { decodeStartup, ProtocolError } from '../protocol/decode.js';
import { FrameSource } from './frame-source.js';
import { WireFatal } from './wire-fatal.js';

export type StartupOutcome =
  | {
      readonly kind: 'startup';
      readonly socket: Socket;
      readonly source: FrameSource;
      readonly params: ReadonlyMap<string, string>;
      readonly minor: number;
      /** Negotiated TLS version, or undefined for a plaintext connection. */
      readonly tlsVersion: string | undefined;
    }
  | { readonly kind: 'cancel'; readonly pid: number; readonly secret: Buffer };

/** Startup packets are small; PostgreSQL itself caps them at 10 000 bytes. */
const MAX_STARTUP_PACKET = 10_000;

export async function readStartup(raw: Socket, tls: SecureContext | undefined): Promise<StartupOutcome> {
  let socket: Socket = raw;
  let source = new FrameSource(raw, MAX_STARTUP_PACKET, false);
  let tlsVersion: string | undefined;
  let negotiated = 0;
  for (;;) {
    const r = await source.next();
    if (r.kind !== 'frame') {
      throw new WireFatal(SQLSTATE.protocolViolation, 'invalid startup packet length');
    }
    const body = r.frame.bytes;
    const code = body.readInt32BE(4);
    if (code === STARTUP.sslRequest || code === STARTUP.gssEncRequest) {
      if (++negotiated > 2 || body.length !== 8) {
        throw new WireFatal(SQLSTATE.protocolViolation, 'invalid encryption negotiation');
      }
      const offerTls = code === STARTUP.sslRequest && tls !== undefined && tlsVersion === undefined;
      // Bytes sent before our answer would be processed as if they were encrypted later
      // (CVE-2021-23214 style buffer stuffing): refuse them.
      if (source.reader.bufferedBytes > 0) {
        throw new WireFatal(SQLSTATE.protocolViolation, 'received unencrypted data after encryption request');
      }
      socket.write(Buffer.from(offerTls ? 'S' : 'N'));
      if (offerTls) {
        source.detach();
        const secure = new TLSSocket(socket, { isServer: true, secureContext: tls });
        await new Promise<void>((resolve, reject) => {
          secure.once('secure', resolve);
          secure.once('error', reject);
        });
        tlsVersion = secure.getProtocol() ?? 'TLS';
        socket = secure;
        source = new FrameSource(secure, MAX_STARTUP_PACKET, false);
      }
      continue;
    }
    if (code === STARTUP.cancelRequest) {
      if (body.length < 16 || body.length > 264)
        throw new WireFatal(SQLSTATE.protocolViolation, 'invalid cancel request');
      return { kind: 'cancel', pid: body.readInt32BE(8), secret: Buffer.from(body.subarray(12)) };
    }
    const major = code >>> 16;
    if (major !== 3) {
      throw new WireFatal(
        SQLSTATE.featureNotSupported,
        `unsupported frontend protocol ${major}.${code & 0xffff}: server supports 3.0 to 3.0`,
      );
    }
    try {
      const startup = decodeStartup(r.frame);
      return { kind: 'startup', socket, source, params: startup.params, minor: startup.minor, tlsVersion };
    } catch (e) {
      if (e instanceof ProtocolError) throw new WireFatal(SQLSTATE.protocolViolation, e.message);
      throw e;
    }
  }
}
