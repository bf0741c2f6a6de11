/**
 * Decoders for the messages phigate must read (frontend statements and a few backend
 * messages). They take a whole frame and never copy row data. Malformed bodies throw
 * ProtocolError, which the session turns into ErrorResponse 08P01 for that session only.
 */
import type { Frame } from './frame-reader.js';

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** A forward-only cursor over one frame's body with bounds checks. */
export class BodyReader {
  offset: number;
  constructor(
    readonly buf: Buffer,
    offset: number,
    private readonly what: string,
  ) {
    this.offset = offset;
  }
  private need(n: number) {
    if (n < 0 || this.offset + n > this.buf.length)
      throw new ProtocolError(`${this.what} message is truncated`);
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new ProtocolError(`${this.what} message has an unterminated string`);
    const s = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }
  byte(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  get remaining(): number {
    return this.buf.length - this.offset;
  }
  end(): void {
    if (this.offset !== this.buf.length) throw new ProtocolError(`${this.what} message has trailing bytes`);
  }
}

const reader = (f: Frame, what: string) => new BodyReader(f.bytes, f.bodyOffset, what);

export interface StartupPacket {
  major: number;
  minor: number;
  params: Map<string, string>;
}

/** StartupMessage body: version, then name/value C-string pairs ended by a NUL. */
export function decodeStartup(f: Frame): StartupPacket {
  const r = reader(f, 'startup');
  const version = r.int32();
  const params = new Map<string, string>();
  for (;;) {
    if (r.remaining === 0) throw new ProtocolError('startup message is not terminated');
    if (f.bytes[r.offset] === 0) {
      r.offset++;
      break;
    }
    const name = r.cstring();
    const value = r.cstring();
    if (params.has(name)) throw new ProtocolError('startup message repeats a parameter');
    params.set(name, value);
  }
  r.end();
  return { major: version >>> 16, minor: version & 0xffff, params };
}

export function decodeQuery(f: Frame): string {
  const r = reader(f, 'Query');
  const text = r.cstring();
  r.end();
  return text;
}

export interface ParseMessage {
  name: string;
  text: string;
  paramTypes: number[];
}

export function decodeParse(f: Frame): ParseMessage {
  const r = reader(f, 'Parse');
  const name = r.cstring();
  const text = r.cstring();
  const n = r.int16();
  if (n < 0) throw new ProtocolError('Parse message has a negative parameter count');
  const paramTypes: number[] = [];
  for (let i = 0; i < n; i++) paramTypes.push(r.int32() >>> 0);
  r.end();
  return { name, text, paramTypes };
}

export interface BindMessage {
  portal: string;
  statement: string;
  paramFormats: number[];
  /** Parameter values as views into the frame (null = SQL NULL). Never logged. */
  params: (Buffer | null)[];
  resultFormats: number[];
}

export function decodeBind(f: Frame): BindMessage {
  const r = reader(f, 'Bind');
  const portal = r.cstring();
  const statement = r.cstring();
  const nf = r.int16();
  if (nf < 0) throw new ProtocolError('Bind message has a negative format count');
  const paramFormats: number[] = [];
  for (let i = 0; i < nf; i++) paramFormats.push(r.int16());
  const np = r.int16();
  if (np < 0) throw new ProtocolError('Bind message has a negative parameter count');
  const params: (Buffer | null)[] = [];
  for (let i = 0; i < np; i++) {
    const len = r.int32();
    if (len < -1) throw new ProtocolError('Bind message has an invalid parameter length');
    params.push(len === -1 ? null : r.bytes(len));
  }
  const nr = r.int16();
  if (nr < 0) throw new ProtocolError('Bind message has a negative result format count');
  const resultFormats: number[] = [];
  for (let i = 0; i < nr; i++) resultFormats.push(r.int16());
  r.end();
  return { portal, statement, paramFormats, params, resultFormats };
}

export function decodeExecute(f: Frame): { portal: string; maxRows: number } {
  const r = reader(f, 'Execute');
  const portal = r.cstring();
  const maxRows = r.int32();
  r.end();
  return { portal, maxRows };
}

/** Describe and Close: a kind byte ('S' statement / 'P' portal) and a name. */
export function decodeTarget(f: Frame, what: 'Describe' | 'Close'): { kind: 'S' | 'P'; name: string } {
  const r = reader(f, what);
  const kind = r.byte();
  if (kind !== 0x53 && kind !== 0x50) throw new ProtocolError(`${what} message has an invalid target kind`);
  const name = r.cstring();
  r.end();
  return { kind: kind === 0x53 ? 'S' : 'P', name };
}

/** ErrorResponse / NoticeResponse fields keyed by their one-byte code. */
export function decodeFields(f: Frame): Map<number, string> {
  const r = reader(f, 'ErrorResponse');
  const out = new Map<number, string>();
  for (;;) {
    const code = r.byte();
    if (code === 0) break;
    out.set(code, r.cstring());
  }
  return out;
}

export function decodeCommandTag(f: Frame): string {
  return reader(f, 'CommandComplete').cstring();
}

/** Row count from a CommandComplete tag such as `SELECT 5`, `INSERT 0 3`, `COPY 10`. */
export function rowsFromTag(tag: string): number | undefined {
  const space = tag.lastIndexOf(' ');
  if (space < 0) return undefined;
  const n = Number(tag.slice(space + 1));
  return Number.isFinite(n) ? n : undefined;
}
