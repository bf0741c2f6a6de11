/**
 * COPY text format (PostgreSQL's CopyAttributeOutText / CopyReadAttributesText): a row is the
 * fields joined by the delimiter and ended by `\n`; NULL is the null string as is; in values a
 * backslash escapes the delimiter, itself and the control characters \b \f \n \r \t \v, and reads
 * back \NNN (octal) and \xHH (hex). Values are decoded before the transform sees them and the
 * result is encoded the way PostgreSQL writes it.
 */
import type { ByteRuns } from './copy-buffers.js';
import type { TextCopyOptions } from './copy-options.js';
import { bytesEqual, type CopyColumns, type CopyRowFormat } from './copy-row-format.js';
import { MalformedMessageError, UnsupportedCopyError } from './wire-error.js';

const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
/** Control characters written as a backslash and a letter: byte value → letter (0 = none). */
const ESCAPE_LETTER = new Uint8Array(256);
/** The letters' meaning on the way back: letter → byte value (0 = not such a letter). */
const LETTER_VALUE = new Uint8Array(256);
for (const [value, letter] of [
  [8, 'b'],
  [9, 't'],
  [10, 'n'],
  [11, 'v'],
  [12, 'f'],
  [13, 'r'],
] as const) {
  ESCAPE_LETTER[value] = letter.charCodeAt(0);
  LETTER_VALUE[letter.charCodeAt(0)] = value;
}
/** Bytes that mean something after a backslash (letters above, x, octal digits). */
const SPECIAL_AFTER_BACKSLASH = new Set([
  0x62, 0x66, 0x6e, 0x72, 0x74, 0x76, 0x78, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
]);

const malformed = (problem: string) => new MalformedMessageError('CopyData', problem);

const isOctal = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x37;
function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** The value of a field that contains backslashes (escape sequences resolved). */
export function decodeTextField(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let o = 0;
  let i = start;
  while (i < end) {
    const c = buf[i++]!;
    if (c !== BACKSLASH) {
      out[o++] = c;
      continue;
    }
    if (i >= end) throw malformed('a text field ends with a lone backslash');
    const e = buf[i++]!;
    const letter = LETTER_VALUE[e]!;
    if (letter !== 0) out[o++] = letter;
    else if (isOctal(e)) {
      let v = e - 0x30;
      if (i < end && isOctal(buf[i])) v = v * 8 + buf[i++]! - 0x30;
      if (i < end && isOctal(buf[i])) v = v * 8 + buf[i++]! - 0x30;
      out[o++] = v & 0xff;
    } else if (e === 0x78 && i < end && hexValue(buf[i]) >= 0) {
      let v = hexValue(buf[i++]);
      if (i < end && hexValue(buf[i]) >= 0) v = v * 16 + hexValue(buf[i++]);
      out[o++] = v;
    } else out[o++] = e; // \x without hex digits, \\, \<delimiter>, any other byte: itself
  }
  return out.subarray(0, o);
}

/** Writes a value as PostgreSQL does; a value that would read back as NULL gets one byte escaped. */
export function encodeTextField(value: Buffer, delimiter: number, nullBytes: Buffer): Buffer {
  let extra = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === BACKSLASH || c === delimiter || ESCAPE_LETTER[c] !== 0) extra++;
  }
  let out = value;
  if (extra > 0) {
    out = Buffer.allocUnsafe(value.length + extra);
    let o = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      const letter = ESCAPE_LETTER[c]!;
      if (letter !== 0) {
        out[o++] = BACKSLASH;
        out[o++] = letter;
      } else {
        if (c === BACKSLASH || c === delimiter) out[o++] = BACKSLASH;
        out[o++] = c;
      }
    }
  }
  if (!bytesEqual(out, 0, out.length, nullBytes)) return out;
  // The value is spelled like the null string (possible for null strings without a backslash):
  // escape a byte that reads back as itself, so the client gets the value, not NULL.
  const k = out.findIndex((c) => !SPECIAL_AFTER_BACKSLASH.has(c));
  if (k < 0) throw new UnsupportedCopyError('a masked value cannot be told apart from the NULL string');
  return Buffer.concat([out.subarray(0, k), Buffer.from([BACKSLASH]), out.subarray(k)]);
}

export class TextRowFormat implements CopyRowFormat {
  private readonly delimiter: number;
  private readonly nullBytes: Buffer;
  /** 1 for the bytes that end or escape a field or are refused: delimiter, backslash, CR. */
  private readonly special = new Uint8Array(256);
  private headerPending: boolean;

  constructor(
    options: TextCopyOptions,
    private readonly columns: CopyColumns,
  ) {
    this.delimiter = options.delimiter.charCodeAt(0);
    this.special[this.delimiter] = 1;
    this.special[BACKSLASH] = 1;
    this.special[CR] = 1;
    this.nullBytes = Buffer.from(options.null, 'utf8');
    this.headerPending = options.header;
  }

  scan(buf: Buffer, from: number, to: number): number {
    const i = buf.indexOf(LF, from);
    return i >= 0 && i < to ? i + 1 : -1;
  }

  complete(): boolean {
    return true;
  }

  mask(buf: Buffer, start: number, end: number, runs: ByteRuns): void {
    const lineEnd = end - 1; // the row's \n
    if (this.headerPending) {
      this.headerPending = false;
      runs.push(buf, start, end);
      return;
    }
    const ncols = this.columns.length;
    if (ncols === 0) {
      if (lineEnd !== start) throw malformed('a row has more fields than the COPY has columns');
      runs.push(buf, start, end);
      return;
    }
    const { delimiter, columns, special } = this;
    let col = 0;
    let flushed = start;
    let i = start;
    for (;;) {
      const fieldStart = i;
      let escaped = false;
      while (i < lineEnd) {
        const c = buf[i]!;
        if (special[c] === 0) {
          i++;
          continue;
        }
        if (c === delimiter) break;
        if (c === BACKSLASH) {
          if (i + 1 >= lineEnd) throw malformed('a text row ends with a lone backslash');
          escaped = true;
          i += 2;
          continue;
        }
        if (c === CR) throw malformed('unescaped carriage return in a text row');
        i++;
      }
      if (col >= ncols) throw malformed('a row has more fields than the COPY has columns');
      const fn = columns[col];
      if (fn !== undefined && !bytesEqual(buf, fieldStart, i, this.nullBytes)) {
        const value = escaped ? decodeTextField(buf, fieldStart, i) : buf.subarray(fieldStart, i);
        const masked = fn(value, col);
        const encoded = masked === null ? this.nullBytes : encodeTextField(masked, delimiter, this.nullBytes);
        runs.push(buf, flushed, fieldStart);
        runs.push(encoded, 0, encoded.length);
        flushed = i;
      }
      col++;
      if (i >= lineEnd) break;
      i++; // the delimiter
    }
    if (col !== ncols) throw malformed('a row has fewer fields than the COPY has columns');
    runs.push(buf, flushed, end);
  }
}
