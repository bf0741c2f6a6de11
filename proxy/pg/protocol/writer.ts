/**
 * Builders for the few protocol messages phigate originates itself. Everything else is
 * relayed as received. Strings are UTF-8 and NUL-terminated as the protocol requires.
 */

/** Writes `type, length, body` where body is built by `fill` into a buffer of `bodySize` bytes. */
function typed(type: number, bodySize: number, fill?: (b: Buffer, o: number) => void): Buffer {
  const b = Buffer.allocUnsafe(5 + bodySize);
  b[0] = type;
  b.writeInt32BE(4 + bodySize, 1);
  fill?.(b, 5);
  return b;
}

const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');

/** ErrorResponse ('E') and NoticeResponse ('N') field codes. */
export const FIELD = {
  severity: 0x53, // 'S' (localized)
  severityV: 0x56, // 'V' (never localized)
  code: 0x43, // 'C'
  message: 0x4d, // 'M'
  detail: 0x44, // 'D'
  hint: 0x48, // 'H'
  position: 0x50, // 'P'
  where: 0x57, // 'W'
  schema: 0x73, // 's'
  table: 0x74, // 't'
  column: 0x63, // 'c'
  dataType: 0x64, // 'd'
  constraint: 0x6e, // 'n'
  file: 0x46, // 'F'
  line: 0x4c, // 'L'
  routine: 0x52, // 'R'
} as const;

export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

export interface WireError {
  severity: Severity;
  code: string;
  message: string;
  detail?: string | undefined;
  hint?: string | undefined;
}

function fields(type: number, e: WireError): Buffer {
  const parts: Buffer[] = [];
  const add = (code: number, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(Buffer.from([code]), cstr(value));
  };
  add(FIELD.severity, e.severity);
  add(FIELD.severityV, e.severity);
  add(FIELD.code, e.code);
  add(FIELD.message, e.message);
  add(FIELD.detail, e.detail);
  add(FIELD.hint, e.hint);
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  return typed(type, body.length, (b, o) => body.copy(b, o));
}

export const errorResponse = (e: WireError): Buffer => fields(0x45, e);
export const noticeResponse = (e: WireError): Buffer => fields(0x4e, e);

export const authenticationOk = (): Buffer => typed(0x52, 4, (b, o) => b.writeInt32BE(0, o));
export const authenticationCleartextPassword = (): Buffer => typed(0x52, 4, (b, o) => b.writeInt32BE(3, o));

export function parameterStatus(name: string, value: string): Buffer {
  const body = Buffer.concat([cstr(name), cstr(value)]);
  return typed(0x53, body.length, (b, o) => body.copy(b, o));
}

export const backendKeyData = (pid: number, secret: number): Buffer =>
  typed(0x4b, 8, (b, o) => {
    b.writeInt32BE(pid, o);
    b.writeInt32BE(secret, o + 4);
  });

export const readyForQuery = (status: number): Buffer => typed(0x5a, 1, (b, o) => (b[o] = status));

/** NegotiateProtocolVersion: newest minor we support and the protocol options we did not recognise. */
export function negotiateProtocolVersion(minor: number, unrecognized: readonly string[]): Buffer {
  const names = unrecognized.map(cstr);
  const size = 8 + names.reduce((n, s) => n + s.length, 0);
  return typed(0x76, size, (b, o) => {
    b.writeInt32BE(minor, o);
    b.writeInt32BE(unrecognized.length, o + 4);
    let p = o + 8;
    for (const s of names) p += s.copy(b, p);
  });
}

// ---- frontend messages sent to the upstream server ----

export function startupMessage(params: Record<string, string>): Buffer {
  const pairs = Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]);
  const body = Buffer.concat([...pairs, Buffer.from([0])]);
  const b = Buffer.allocUnsafe(8 + body.length);
  b.writeInt32BE(8 + body.length, 0);
  b.writeInt32BE(196608, 4); // protocol 3.0
  body.copy(b, 8);
  return b;
}

export function untypedCode(code: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(code, 4);
  return b;
}

export function cancelRequest(pid: number, secret: Buffer): Buffer {
  const b = Buffer.allocUnsafe(12 + secret.length);
  b.writeInt32BE(12 + secret.length, 0);
  b.writeInt32BE(80877102, 4);
  b.writeInt32BE(pid, 8);
  secret.copy(b, 12);
  return b;
}

export const passwordMessage = (password: string): Buffer => {
  const body = cstr(password);
  return typed(0x70, body.length, (b, o) => body.copy(b, o));
};

export function saslInitialResponse(mechanism: string, data: Buffer): Buffer {
  const mech = cstr(mechanism);
  return typed(0x70, mech.length + 4 + data.length, (b, o) => {
    mech.copy(b, o);
    b.writeInt32BE(data.length, o + mech.length);
    data.copy(b, o + mech.length + 4);
  });
}

export const saslResponse = (data: Buffer): Buffer => typed(0x70, data.length, (b, o) => data.copy(b, o));

/** Describe of a prepared statement ('S') or portal ('P'). */
export function describe(kind: 'S' | 'P', name: string): Buffer {
  const n = cstr(name);
  return typed(0x44, 1 + n.length, (b, o) => {
    b[o] = kind.charCodeAt(0);
    n.copy(b, o + 1);
  });
}

export const sync = (): Buffer => typed(0x53, 0);
export const terminate = (): Buffer => typed(0x58, 0);
