/**
 * Masking of COPY ... TO STDOUT data. After CopyOutResponse the server sends CopyData messages
 * ('d', int32 length, bytes of the COPY stream) and then CopyDone. PostgreSQL happens to send one
 * row per CopyData, but the stream is what counts: a row may start in one message and end in a
 * later one, so the masker carries the unfinished part and masks each row once it is complete.
 */

import { BinaryRowFormat } from './copy-binary.js';
import { ByteRuns, RowCarry } from './copy-buffers.js';
import { CsvRowFormat } from './copy-csv.js';
import {
  type CopyFormat,
  CSV_DEFAULTS,
  type CsvCopyOptions,
  TEXT_DEFAULTS,
  type TextCopyOptions,
  validateCsv,
  validateText,
} from './copy-options.js';
import type { CopyRowFormat } from './copy-row-format.js';
import { TextRowFormat } from './copy-text.js';
import type { CellTransform } from './data-row.js';
import { checkFrame, MalformedMessageError, UnsupportedCopyError } from './wire-error.js';

export { assertCopyFormat, type CopyOutDescription, parseCopyOutResponse } from './copy-out-response.js';

const COPY_DATA = 0x64; // 'd'
/** PostgreSQL's limit for one field is 1 GB; a row is refused beyond this. */
const DEFAULT_MAX_ROW_BYTES = 1 << 30;

export interface CopyMaskerOptions {
  readonly format: CopyFormat;
  readonly text?: Partial<TextCopyOptions>;
  readonly csv?: Partial<CsvCopyOptions>;
  /**
   * One entry per COPY column (the CopyOutResponse's column count): the transform for the
   * column's values or undefined to leave it. Text and CSV transforms get the value's text bytes
   * (escapes resolved), binary ones the type's send-format bytes; null means NULL. NULL values
   * are never passed.
   */
  readonly columns: readonly (CellTransform | undefined)[];
  /** Largest row carried across messages (default 1 GiB). */
  readonly maxRowBytes?: number;
}

export interface CopyMasker {
  /**
   * Masks the rows completed by one CopyData message and returns the CopyData to send: the same
   * frame when nothing needed masking, an empty CopyData (length 4) when the message only
   * started a row. The input frame may be reused by the caller afterwards.
   */
  copyData(frame: Buffer): Buffer;
  /** At CopyDone: throws MalformedMessageError when a row (or the binary trailer) is missing. */
  end(): void;
}

/** The options given, without the ones set to undefined (so they do not hide the defaults). */
function given<T extends object>(options: Partial<T> | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function rowFormat(options: CopyMaskerOptions): CopyRowFormat {
  switch (options.format) {
    case 'text': {
      const text: TextCopyOptions = { ...TEXT_DEFAULTS, ...given(options.text) };
      validateText(text);
      return new TextRowFormat(text, options.columns);
    }
    case 'csv': {
      const set = given(options.csv);
      const quote = set.quote ?? CSV_DEFAULTS.quote;
      const csv: CsvCopyOptions = { ...CSV_DEFAULTS, quote, escape: quote, ...set };
      validateCsv(csv);
      return new CsvRowFormat(csv, options.columns);
    }
    case 'binary':
      return new BinaryRowFormat(options.columns);
    default:
      throw new UnsupportedCopyError('unknown COPY format');
  }
}

class StreamMasker implements CopyMasker {
  private readonly runs = new ByteRuns();
  private readonly carry: RowCarry;
  private broken = false;

  constructor(
    private readonly format: CopyRowFormat,
    maxRowBytes: number,
  ) {
    this.carry = new RowCarry(maxRowBytes);
  }

  copyData(frame: Buffer): Buffer {
    if (this.broken) throw new MalformedMessageError('CopyData', 'COPY masking already failed');
    try {
      return this.mask(frame);
    } catch (error) {
      // Row state is now unknown: every later message of this COPY is refused too.
      this.broken = true;
      throw error;
    }
  }

  private mask(frame: Buffer): Buffer {
    checkFrame(frame, COPY_DATA, 'CopyData');
    const end = frame.length;
    const { runs, carry, format } = this;
    runs.reset();
    let pos = 5;
    let carried = false;
    if (carry.length > 0) {
      const e = format.scan(frame, pos, end);
      if (e < 0) {
        carry.append(frame, pos, end);
        return emptyCopyData();
      }
      carry.append(frame, pos, e);
      format.mask(carry.bytes, 0, carry.length, runs);
      carried = true;
      pos = e;
    }
    while (pos < end) {
      const e = format.scan(frame, pos, end);
      if (e < 0) break;
      format.mask(frame, pos, e, runs);
      pos = e;
    }
    let out: Buffer;
    if (!carried && runs.isExactly(frame, 5, end)) out = frame;
    else out = runs.toFrame(COPY_DATA);
    runs.reset();
    if (carried) carry.clear();
    // The rest starts a row the next message finishes; copied, since the caller reuses `frame`.
    if (pos < end) carry.append(frame, pos, end);
    return out;
  }

  end(): void {
    if (this.broken || this.carry.length > 0 || !this.format.complete()) {
      throw new MalformedMessageError('CopyData', 'COPY data ended inside a row');
    }
  }
}

const PASS_THROUGH: CopyMasker = {
  copyData: (frame) => {
    checkFrame(frame, COPY_DATA, 'CopyData');
    return frame;
  },
  end: () => undefined,
};

const emptyCopyData = () => Buffer.from([COPY_DATA, 0, 0, 0, 4]);

/**
 * A masker for the CopyData messages of one COPY ... TO STDOUT. With no transform at all every
 * message passes unchanged (not parsed). Malformed data throws MalformedMessageError, options the
 * masker cannot honour UnsupportedCopyError; both mean: refuse the statement, send nothing raw.
 */
export function createCopyMasker(options: CopyMaskerOptions): CopyMasker {
  const format = rowFormat(options);
  if (!options.columns.some((c) => c !== undefined)) return PASS_THROUGH;
  return new StreamMasker(format, options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES);
}
