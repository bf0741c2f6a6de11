/**
 * DataRow ('D'): int16 column count, then per column int32 length (-1 = SQL NULL) and that many
 * bytes of the value in the column's format. Masking replaces the values of some columns; the
 * others are copied once, in runs, into the one new frame.
 */
import { copyBytes, int32At, putInt32 } from './bytes.js';
import { MalformedMessageError } from './wire-error.js';

const DATA_ROW = 0x44; // 'D'
const HEADER = 7; // type byte, int32 length, int16 column count
const MAX_FRAME = 0x7fffffff;

/** Masks one non-NULL cell (bytes as received) into the bytes to send, or null for SQL NULL. */
export type CellTransform = (cell: Buffer, index: number) => Buffer | null;

const malformed = (problem: string) => new MalformedMessageError('DataRow', problem);

// Scratch space for the masked cells of the row being built (positions in the input frame and
// the replacement bytes). Reused across calls; a re-entrant call gets its own.
let scratchBusy = false;
let cellStarts = new Int32Array(64);
let cellEnds = new Int32Array(64);
const replacements: (Buffer | null)[] = [];

/**
 * Returns the DataRow with each non-NULL cell of a column that has a transform replaced by the
 * transform's result. NULL cells stay NULL and are not passed. With no transform at all the same
 * frame comes back (only its header is checked). The transform sees a view into `frame`: it must
 * not keep it. A frame whose lengths do not add up throws MalformedMessageError (fail closed).
 */
export function mapDataRow(frame: Buffer, columns: readonly (CellTransform | undefined)[]): Buffer {
  const total = frame.length;
  if (total < HEADER) throw malformed('message is truncated');
  if (frame[0] !== DATA_ROW) throw malformed('unexpected message type');
  if (frame.readInt32BE(1) !== total - 1) throw malformed('length word does not match the message size');
  const count = frame.readInt16BE(5);
  if (count !== columns.length) throw malformed('column count differs from the row description');
  let any = false;
  for (let i = 0; i < count; i++) {
    if (columns[i] !== undefined) {
      any = true;
      break;
    }
  }
  if (!any) return frame;
  if (scratchBusy) return build(frame, columns, new Int32Array(count), new Int32Array(count), []);
  if (cellStarts.length < count) {
    cellStarts = new Int32Array(count);
    cellEnds = new Int32Array(count);
  }
  scratchBusy = true;
  try {
    return build(frame, columns, cellStarts, cellEnds, replacements);
  } finally {
    replacements.length = 0;
    scratchBusy = false;
  }
}

function build(
  frame: Buffer,
  columns: readonly (CellTransform | undefined)[],
  starts: Int32Array,
  ends: Int32Array,
  out: (Buffer | null)[],
): Buffer {
  const total = frame.length;
  const count = columns.length;
  // Pass 1: walk the cells, mask the ones with a transform, add up the new size.
  let masked = 0;
  let size = HEADER;
  let pos = HEADER;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > total) throw malformed('message is truncated');
    const n = int32At(frame, pos);
    if (n < -1) throw malformed('negative cell length');
    const dataStart = pos + 4;
    const dataEnd = n < 0 ? dataStart : dataStart + n;
    if (dataEnd > total) throw malformed('cell runs past the end of the message');
    const fn = columns[i];
    if (fn !== undefined && n >= 0) {
      const r = fn(frame.subarray(dataStart, dataEnd), i);
      starts[masked] = pos;
      ends[masked] = dataEnd;
      out[masked] = r;
      masked++;
      size += 4 + (r === null ? 0 : r.length);
    } else {
      size += dataEnd - pos;
    }
    pos = dataEnd;
  }
  if (pos !== total) throw malformed('trailing bytes after the last cell');
  if (masked === 0) return frame;
  if (size - 1 > MAX_FRAME) throw malformed('masked row exceeds the maximum message size');
  // Pass 2: one allocation; unchanged cells are copied in runs between masked ones.
  const result = Buffer.allocUnsafe(size);
  result[0] = DATA_ROW;
  putInt32(result, 1, size - 1);
  result[5] = frame[5]!; // column count, as received
  result[6] = frame[6]!;
  let src = HEADER;
  let dst = HEADER;
  for (let k = 0; k < masked; k++) {
    dst += copyBytes(frame, result, dst, src, starts[k]!);
    const r = out[k] as Buffer | null;
    if (r === null) {
      putInt32(result, dst, -1);
      dst += 4;
    } else {
      putInt32(result, dst, r.length);
      dst += 4 + copyBytes(r, result, dst + 4, 0, r.length);
    }
    src = ends[k]!;
  }
  copyBytes(frame, result, dst, src, total);
  return result;
}
