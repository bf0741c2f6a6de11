/**
 * COPY CSV format (PostgreSQL's CopyAttributeOutCSV / CopyReadAttributesCSV): fields joined by
 * the delimiter, rows ended by `\n` outside quotes. PostgreSQL quotes a whole field when it
 * contains the delimiter, the quote, \n or \r, equals the null string, or is `\.` alone on its
 * line (FORCE_QUOTE quotes more); inside quotes the quote and escape characters are preceded by
 * the escape (by default the quote itself: `""`); outside quotes the escape is an ordinary
 * character. NULL is the null string unquoted (default empty); a quoted field is never NULL.
 * Anything PostgreSQL would not write (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote) is refused.
 */
import type { ByteRuns } from './copy-buffers.js';
import type { CsvCopyOptions } from './copy-options.js';
import { bytesEqual, type CopyColumns, type CopyRowFormat } from './copy-row-format.js';
import { MalformedMessageError } from './wire-error.js';

const LF = 0x0a;
const CR = 0x0d;
const END_OF_DATA = Buffer.from('\\.');

const malformed = (problem: string) => new MalformedMessageError('CopyData', problem);

export class CsvRowFormat implements CopyRowFormat {
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly escape: number;
  private readonly nullBytes: Buffer;
  private headerPending: boolean;
  // Scan state across messages: inside a quoted field; the previous byte was an escape (escape != quote).
  private inQuotes = false;
  private escapePending = false;

  constructor(
    options: CsvCopyOptions,
    private readonly columns: CopyColumns,
  ) {
    this.delimiter = options.delimiter.charCodeAt(0);
    this.quote = options.quote.charCodeAt(0);
    this.escape = options.escape.charCodeAt(0);
    this.nullBytes = Buffer.from(options.null, 'utf8');
    this.headerPending = options.header;
  }

  scan(buf: Buffer, from: number, to: number): number {
    const { quote, escape: esc } = this;
    let i = from;
    while (i < to) {
      if (!this.inQuotes) {
        // Outside quotes only a quote or a newline matters: let indexOf find them.
        const lf = buf.indexOf(LF, i);
        const q = buf.indexOf(quote, i);
        if (lf >= 0 && lf < to && (q < 0 || lf < q)) return lf + 1;
        if (q < 0 || q >= to) return -1;
        this.inQuotes = true;
        i = q + 1;
        continue;
      }
      const c = buf[i++]!;
      if (this.escapePending) this.escapePending = false;
      else if (c === esc && esc !== quote) this.escapePending = true;
      else if (c === quote) this.inQuotes = false; // with escape = quote, "" leaves and re-enters
    }
    return -1;
  }

  complete(): boolean {
    return !this.inQuotes;
  }

  /** Writes a value as PostgreSQL does; `quoted` keeps a field quoted that was (FORCE_QUOTE). */
  encode(value: Buffer, quoted: boolean): Buffer {
    let specials = 0;
    let needQuotes = quoted || bytesEqual(value, 0, value.length, this.nullBytes);
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (c === this.quote || c === this.escape) specials++;
      if (c === this.quote || c === this.delimiter || c === LF || c === CR) needQuotes = true;
    }
    if (!needQuotes && this.columns.length === 1 && bytesEqual(value, 0, value.length, END_OF_DATA)) {
      needQuotes = true;
    }
    if (!needQuotes) return value;
    const out = Buffer.allocUnsafe(value.length + specials + 2);
    let o = 0;
    out[o++] = this.quote;
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!;
      if (c === this.quote || c === this.escape) out[o++] = this.escape;
      out[o++] = c;
    }
    out[o++] = this.quote;
    return out;
  }

  /** The value inside quotes buf[start, end) with the escape characters removed. */
  private unescape(buf: Buffer, start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(end - start);
    let o = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c === this.escape && i + 1 < end && (buf[i + 1] === this.quote || buf[i + 1] === this.escape)) i++;
      out[o++] = buf[i]!;
    }
    return out.subarray(0, o);
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
    const { quote, escape: esc, delimiter } = this;
    let col = 0;
    let flushed = start;
    let i = start;
    for (;;) {
      const fieldStart = i;
      const quoted = i < lineEnd && buf[i] === quote;
      let valueStart = i;
      let valueEnd: number;
      let escaped = false;
      if (quoted) {
        valueStart = ++i;
        for (;;) {
          if (i >= lineEnd) throw malformed('unterminated quoted CSV field');
          const c = buf[i]!;
          if (c === esc && i + 1 < lineEnd && (buf[i + 1] === quote || buf[i + 1] === esc)) {
            escaped = true;
            i += 2;
          } else if (c === quote) break;
          else i++;
        }
        valueEnd = i++;
        if (i < lineEnd && buf[i] !== delimiter) throw malformed('text after a closing quote in a CSV field');
      } else {
        while (i < lineEnd) {
          const c = buf[i]!;
          if (c === delimiter) break;
          // The escape character means nothing outside quotes; PostgreSQL quotes fields with a quote or \r.
          if (c === quote || c === CR) throw malformed('unquoted CSV field with a quote or carriage return');
          i++;
        }
        valueEnd = i;
      }
      if (col >= ncols) throw malformed('a row has more fields than the COPY has columns');
      const fn = this.columns[col];
      if (fn !== undefined && (quoted || !bytesEqual(buf, valueStart, valueEnd, this.nullBytes))) {
        const value = escaped ? this.unescape(buf, valueStart, valueEnd) : buf.subarray(valueStart, valueEnd);
        const masked = fn(value, col);
        const encoded = masked === null ? this.nullBytes : this.encode(masked, quoted);
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
