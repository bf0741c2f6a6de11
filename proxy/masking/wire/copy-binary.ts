/**
 * COPY binary format: a header (11-byte signature `PGCOPY\n\377\r\n\0`, int32 flags, int32
 * length of a header extension, the extension), then tuples (int16 field count, then per field
 * int32 length, -1 for NULL, and that many bytes of the type's send format), then the trailer:
 * an int16 -1. Flag bit 16 (OIDs included) and the other critical bits 17-31 are refused.
 * The scanner walks these lengths across message boundaries, one unit at a time.
 */
import { int32At } from './bytes.js';
import type { ByteRuns } from './copy-buffers.js';
import type { CopyColumns, CopyRowFormat } from './copy-row-format.js';
import { MalformedMessageError } from './wire-error.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const FIXED_HEADER = 19; // signature, flags, extension length

enum Phase {
  Header, // the 19 fixed header bytes
  Extension, // the header extension's bytes
  Count, // a tuple's int16 field count (or the trailer)
  Length, // a field's int32 length
  Data, // a field's bytes
  Done, // after the trailer
}
enum Unit {
  Header,
  Tuple,
  Trailer,
}

const malformed = (problem: string) => new MalformedMessageError('CopyData', problem);

export class BinaryRowFormat implements CopyRowFormat {
  private phase = Phase.Header;
  /** Bytes of the current integer (or of the fixed header) seen so far, and its value. */
  private got = 0;
  private acc = 0;
  private skip = 0;
  private fieldsLeft = 0;
  private unit = Unit.Header;

  constructor(private readonly columns: CopyColumns) {}

  complete(): boolean {
    return this.phase === Phase.Done;
  }

  scan(buf: Buffer, from: number, to: number): number {
    let i = from;
    while (i < to) {
      switch (this.phase) {
        case Phase.Header: {
          const n = Math.min(FIXED_HEADER - this.got, to - i);
          // The extension length is the last 4 of the 19 bytes.
          for (let k = 0; k < n; k++) {
            if (this.got + k >= 15) this.acc = ((this.acc << 8) | buf[i + k]!) >>> 0;
          }
          this.got += n;
          i += n;
          if (this.got < FIXED_HEADER) break;
          const ext = this.acc | 0;
          if (ext < 0) throw malformed('negative binary COPY header extension length');
          this.got = 0;
          this.acc = 0;
          this.skip = ext;
          this.phase = Phase.Extension;
          if (ext === 0) return this.endUnit(i, Unit.Header, Phase.Count);
          break;
        }
        case Phase.Extension:
        case Phase.Data: {
          const n = Math.min(this.skip, to - i);
          this.skip -= n;
          i += n;
          if (this.skip > 0) break;
          if (this.phase === Phase.Extension) return this.endUnit(i, Unit.Header, Phase.Count);
          if (--this.fieldsLeft === 0) return this.endUnit(i, Unit.Tuple, Phase.Count);
          this.phase = Phase.Length;
          break;
        }
        case Phase.Count: {
          const v = this.readInt(buf, i, to, 2);
          i += this.lastRead;
          if (v === undefined) break;
          const count = (v << 16) >> 16;
          if (count === -1) return this.endUnit(i, Unit.Trailer, Phase.Done);
          if (count !== this.columns.length)
            throw malformed('a tuple has a different field count than the COPY');
          if (count === 0) return this.endUnit(i, Unit.Tuple, Phase.Count);
          this.fieldsLeft = count;
          this.phase = Phase.Length;
          break;
        }
        case Phase.Length: {
          const v = this.readInt(buf, i, to, 4);
          i += this.lastRead;
          if (v === undefined) break;
          const len = v | 0;
          if (len < -1) throw malformed('negative field length');
          if (len <= 0) {
            if (--this.fieldsLeft === 0) return this.endUnit(i, Unit.Tuple, Phase.Count);
          } else {
            this.skip = len;
            this.phase = Phase.Data;
          }
          break;
        }
        case Phase.Done:
          throw malformed('data after the binary COPY trailer');
      }
    }
    return -1;
  }

  private lastRead = 0;

  /** Reads a big-endian integer of `size` bytes that may span messages; undefined until complete. */
  private readInt(buf: Buffer, i: number, to: number, size: number): number | undefined {
    if (this.got === 0 && to - i >= size) {
      this.lastRead = size;
      return size === 2 ? buf.readUInt16BE(i) : buf.readUInt32BE(i);
    }
    const n = Math.min(size - this.got, to - i);
    for (let k = 0; k < n; k++) this.acc = ((this.acc << 8) | buf[i + k]!) >>> 0;
    this.got += n;
    this.lastRead = n;
    if (this.got < size) return undefined;
    const v = this.acc;
    this.got = 0;
    this.acc = 0;
    return v;
  }

  private endUnit(i: number, unit: Unit, next: Phase): number {
    this.unit = unit;
    this.phase = next;
    return i;
  }

  mask(buf: Buffer, start: number, end: number, runs: ByteRuns): void {
    if (this.unit === Unit.Header) {
      if (!SIGNATURE.equals(buf.subarray(start, start + SIGNATURE.length))) {
        throw malformed('not a binary COPY signature');
      }
      if ((buf.readUInt32BE(start + 11) & 0xffff0000) !== 0) {
        throw malformed('binary COPY header has critical flags (OIDs) this masker cannot read');
      }
      runs.push(buf, start, end);
      return;
    }
    if (this.unit === Unit.Trailer) {
      runs.push(buf, start, end);
      return;
    }
    let flushed = start;
    let pos = start + 2;
    for (let col = 0; col < this.columns.length; col++) {
      if (pos + 4 > end) throw malformed('tuple is truncated');
      const n = int32At(buf, pos);
      const dataStart = pos + 4;
      const dataEnd = n < 0 ? dataStart : dataStart + n;
      if (n < -1 || dataEnd > end) throw malformed('field runs past the end of the tuple');
      const fn = this.columns[col];
      if (fn !== undefined && n >= 0) {
        const masked = fn(buf.subarray(dataStart, dataEnd), col);
        runs.push(buf, flushed, pos);
        runs.pushInt32(masked === null ? -1 : masked.length);
        if (masked !== null) runs.push(masked, 0, masked.length);
        flushed = dataEnd;
      }
      pos = dataEnd;
    }
    if (pos !== end) throw malformed('trailing bytes after the last field of a tuple');
    runs.push(buf, flushed, end);
  }
}
