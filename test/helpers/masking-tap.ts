/**
 * A TCP tap for the masking leak harness: a listener in front of the gateway (or of upstream,
 * for control runs) that relays every connection unchanged and keeps a copy of every byte in
 * both directions, so a test can search *all* the bytes a client received — not only what
 * its driver chose to hand back — and read the protocol messages the client sent (Bind result
 * formats prove that a binary transfer really happened).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TapConnection {
  /** Bytes from the server to the client, in order. */
  toClient: Buffer[];
  /** Bytes from the client to the server, in order. */
  toServer: Buffer[];
}

export interface Tap {
  readonly host: string;
  readonly port: number;
  /** Starts a fresh capture: bytes relayed from now on, on any connection, go into it. */
  begin(): void;
  /** The current capture, per connection (a connection opened earlier starts mid-session). */
  connections(): { toClient: Buffer; toServer: Buffer; fresh: boolean }[];
  /** Server→client bytes of the current capture, all connections concatenated. */
  received(): Buffer;
  close(): Promise<void>;
}

export async function startTap(target: { host: string; port: number }): Promise<Tap> {
  // connection id → its bytes in the current capture
  let capture = new Map<number, TapConnection & { fresh: boolean }>();
  let nextId = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const id = nextId++;
    const upstream = connect({ host: target.host, port: target.port });
    sockets.add(client);
    sockets.add(upstream);
    const opened = capture;
    const slot = () => {
      let c = capture.get(id);
      if (!c) {
        c = { toClient: [], toServer: [], fresh: capture === opened };
        capture.set(id, c);
      }
      return c;
    };
    client.on('data', (d: Buffer) => {
      slot().toServer.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      slot().toClient.push(Buffer.from(d));
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('tap: no address');
  const connections = () =>
    [...capture.values()].map((c) => ({
      toClient: Buffer.concat(c.toClient),
      toServer: Buffer.concat(c.toServer),
      fresh: c.fresh,
    }));
  return {
    host: '127.0.0.1',
    port: address.port,
    begin() {
      capture = new Map();
    },
    connections,
    received() {
      return Buffer.concat(connections().map((c) => c.toClient));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One protocol message: type byte and body (without the length word). */
export interface WireMessage {
  readonly type: string;
  readonly body: Buffer;
}

/**
 * Splits a server→client (or, after the startup packet, client→server) byte stream into
 * messages. `startup: true` skips the untyped startup / SSLRequest packets a client sends first.
 */
export function splitMessages(stream: Buffer, options: { startup?: boolean } = {}): WireMessage[] {
  const out: WireMessage[] = [];
  let at = 0;
  if (options.startup) {
    // Untyped packets: int32 length + int32 code (SSLRequest, GSSENCRequest, StartupMessage).
    while (at + 8 <= stream.length) {
      const len = stream.readInt32BE(at);
      const code = stream.readInt32BE(at + 4);
      if (code === 80877103 || code === 80877104) {
        at += len;
        // A one-byte 'N' answer comes back from the server; nothing to skip on this side.
        continue;
      }
      if (code === 196608) at += len;
      break;
    }
  } else if (stream[0] === 0x4e || stream[0] === 0x53) {
    // The one-byte answer to an SSLRequest ('N' or 'S'): the first real message of a
    // server is always Authentication ('R') or an error ('E'), never a notice.
    at = 1;
  }
  while (at + 5 <= stream.length) {
    const type = String.fromCharCode(stream[at]!);
    const len = stream.readInt32BE(at + 1);
    if (len < 4 || at + 1 + len > stream.length) break;
    out.push({ type, body: stream.subarray(at + 5, at + 1 + len) });
    at += 1 + len;
  }
  return out;
}

export interface RowField {
  readonly name: string;
  readonly tableOid: number;
  readonly attnum: number;
  readonly typeOid: number;
  readonly format: number;
}

export function parseRowDescription(body: Buffer): RowField[] {
  const n = body.readInt16BE(0);
  const out: RowField[] = [];
  let at = 2;
  for (let i = 0; i < n; i++) {
    const z = body.indexOf(0, at);
    const name = body.toString('utf8', at, z);
    at = z + 1;
    out.push({
      name,
      tableOid: body.readUInt32BE(at),
      attnum: body.readInt16BE(at + 4),
      typeOid: body.readUInt32BE(at + 6),
      format: body.readInt16BE(at + 16),
    });
    at += 18;
  }
  return out;
}

/** Cells of a DataRow (null for SQL NULL). */
export function parseDataRow(body: Buffer): (Buffer | null)[] {
  const n = body.readInt16BE(0);
  const out: (Buffer | null)[] = [];
  let at = 2;
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(at);
    at += 4;
    if (len < 0) out.push(null);
    else {
      out.push(body.subarray(at, at + len));
      at += len;
    }
  }
  return out;
}

/** The result-format codes of a Bind message (client→server). */
export function bindResultFormats(body: Buffer): number[] {
  let at = body.indexOf(0) + 1; // portal
  at = body.indexOf(0, at) + 1; // statement
  const nParamFormats = body.readInt16BE(at);
  at += 2 + 2 * nParamFormats;
  const nParams = body.readInt16BE(at);
  at += 2;
  for (let i = 0; i < nParams; i++) {
    const len = body.readInt32BE(at);
    at += 4 + Math.max(0, len);
  }
  const n = body.readInt16BE(at);
  at += 2;
  const formats: number[] = [];
  for (let i = 0; i < n; i++) formats.push(body.readInt16BE(at + 2 * i));
  return formats;
}

/**
 * Typed results in the captured server→client bytes: each RowDescription with the DataRows
 * that follow it. DataRows with no RowDescription since the last CommandComplete (an Execute of
 * a statement described earlier, as postgres.js does on its second run) reuse the last one seen.
 */
export function wireResults(
  messages: readonly WireMessage[],
): { fields: RowField[]; rows: (Buffer | null)[][] }[] {
  const out: { fields: RowField[]; rows: (Buffer | null)[][] }[] = [];
  let current: { fields: RowField[]; rows: (Buffer | null)[][] } | undefined;
  let last: RowField[] = [];
  for (const m of messages) {
    if (m.type === 'T') {
      last = parseRowDescription(m.body);
      current = { fields: last, rows: [] };
      out.push(current);
    } else if (m.type === 'D') {
      if (!current) {
        current = { fields: last, rows: [] };
        out.push(current);
      }
      current.rows.push(parseDataRow(m.body));
    } else if (m.type === 'C' || m.type === 'Z' || m.type === 'E') {
      current = undefined;
    }
  }
  return out;
}

const COPY_BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Rows of the COPY data in the captured bytes (CopyData payloads joined): tuples of a binary
 * COPY, lines of a text or CSV one (a quoted CSV field with a newline counts twice, the same
 * way on both sides of a comparison).
 */
export function copyRows(messages: readonly WireMessage[]): number | undefined {
  const chunks = messages.filter((m) => m.type === 'd');
  if (!chunks.length) return undefined;
  const data = Buffer.concat(chunks.map((m) => m.body));
  if (!data.subarray(0, COPY_BINARY_SIGNATURE.length).equals(COPY_BINARY_SIGNATURE)) {
    let n = 0;
    for (const b of data) if (b === 0x0a) n++;
    return n;
  }
  let at = COPY_BINARY_SIGNATURE.length + 4;
  at += 4 + data.readInt32BE(at);
  let tuples = 0;
  while (at + 2 <= data.length) {
    const n = data.readInt16BE(at);
    at += 2;
    if (n === -1) break;
    for (let i = 0; i < n; i++) {
      const len = data.readInt32BE(at);
      at += 4 + Math.max(0, len);
    }
    tuples++;
  }
  return tuples;
}
