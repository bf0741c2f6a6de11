/**
 * DataRow ('D'): int16 column count, then per column int32 length (-1 = SQL NULL) and that many
 * bytes of the value in the column's format. Masking replaces the values of some columns; the
 * others are copied once, in runs, into the one new frame.
 *
 * `maskDataRow` is the hot path: it reads the frame where it arrived (a range of the received
 * chunk, no view per row or per cell) and asks each masked column's CellOp for the new bytes.
 */
import { int32At, putInt32 } from './bytes.js';
import { MalformedMessageError } from './wire-error.js';

const DATA_ROW = 0x44; // 'D'
const HEADER = 7; // type byte, int32 length, int16 column count
const MAX_FRAME = 0x7fffffff;

/** Masks one non-NULL cell (bytes as received) into the bytes to send, or null for SQL NULL. */
export type CellTransform = (cell: Buffer, index: number) => Buffer | null;

/** How the non-NULL cells of one column are masked. */
export interface CellOp {
  /** Every non-NULL cell becomes these bytes (null: SQL NULL); undefined: `map` decides per value. */
  readonly constant: Buffer | null | undefined;
  /**
   * The masked bytes of the cell `src[start, end)`. They are copied into the new frame at once,
   * so the result may be shared between rows (it is never written) or be a view of `src`.
   */
  readonly map: (src: Buffer, start: number, end: number) => Buffer | null;
  /** Non-NULL cells masked so far (maskDataRow counts them). */
  cells: number;
}

const malformed = (problem: string) => new MalformedMessageError('DataRow', problem);

// Scratch space for the masked cells of the row being built (positions in the input and the
// replacement bytes). Reused across calls; a re-entrant call gets its own.
let scratchBusy = false;
let cellStarts = new Int32Array(64);
let cellEnds = new Int32Array(64);
const replacements: (Buffer | null)[] = [];

/**
 * The DataRow `buf[start, end)` with each non-NULL cell of a column that has an op replaced by
 * the op's bytes; undefined when no cell changed (NULL cells stay NULL and are not passed), so
 * the caller sends the frame as received. A frame whose lengths do not add up throws
 * MalformedMessageError (fail closed), as does a column count that differs from `ops`.
 */
export function maskDataRow(
  buf: Buffer,
  start: number,
  end: number,
  ops: readonly (CellOp | undefined)[],
): Buffer | undefined {
  if (end - start < HEADER || end > buf.length) throw malformed('message is truncated');
  if (buf[start] !== DATA_ROW) throw malformed('unexpected message type');
  if (int32At(buf, start + 1) !== end - start - 1)
    throw malformed('length word does not match the message size');
  // int16 column count, sign-extended as PostgreSQL's readInt16 would be.
  const count = ((buf[start + 5]! << 24) | (buf[start + 6]! << 16)) >> 16;
  if (count !== ops.length) throw malformed('column count differs from the row description');
  if (scratchBusy) return build(buf, start, end, ops, new Int32Array(count), new Int32Array(count), []);
  if (cellStarts.length < count) {
    cellStarts = new Int32Array(count);
    cellEnds = new Int32Array(count);
  }
  scratchBusy = true;
  try {
    return build(buf, start, end, ops, cellStarts, cellEnds, replacements);
  } finally {
    // (The replacements are left in place: clearing an array's length is a runtime call.)
    scratchBusy = false;
  }
}

function build(
  buf: Buffer,
  start: number,
  end: number,
  ops: readonly (CellOp | undefined)[],
  starts: Int32Array,
  ends: Int32Array,
  out: (Buffer | null)[],
): Buffer | undefined {
  const count = ops.length;
  // Pass 1: walk the cells (int32 length, then the bytes; -1 = NULL, no bytes), mask the ones
  // with an op, add up the new frame size.
  let masked = 0;
  let size = HEADER;
  let pos = start + HEADER;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > end) throw malformed('message is truncated');
    const n = int32At(buf, pos);
    if (n < -1) throw malformed('negative cell length');
    const dataStart = pos + 4;
    const dataEnd = n < 0 ? dataStart : dataStart + n;
    if (dataEnd > end) throw malformed('cell runs past the end of the message');
    const op = ops[i];
    if (op !== undefined && n >= 0) {
      const c = op.constant;
      const r = c === undefined ? op.map(buf, dataStart, dataEnd) : c;
      op.cells++;
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
  if (pos !== end) throw malformed('trailing bytes after the last cell');
  if (masked === 0) return undefined;
  if (size - 1 > MAX_FRAME) throw malformed('masked row exceeds the maximum message size');
  // Pass 2: one allocation; unchanged cells are copied in runs between masked ones.
  const result = rowBuffer(size);
  result[0] = DATA_ROW;
  putInt32(result, 1, size - 1);
  result[5] = buf[start + 5]!; // column count, as received
  result[6] = buf[start + 6]!;
  let src = start + HEADER;
  let dst = HEADER;
  for (let k = 0; k < masked; k++) {
    dst += copyRun(buf, result, dst, src, starts[k]!);
    const r = out[k] as Buffer | null;
    if (r === null) {
      putInt32(result, dst, -1);
      dst += 4;
    } else {
      putInt32(result, dst, r.length);
      // TypedArray#set of a whole Uint8Array: a flat ~15 ns memmove, no view created.
      if (r.length > RUN_LOOP_MAX) result.set(r, dst + 4);
      else for (let i = 0; i < r.length; i++) result[dst + 4 + i] = r[i]!;
      dst += 4 + r.length;
    }
    src = ends[k]!;
  }
  copyRun(buf, result, dst, src, end);
  return result;
}

// Masked rows are carved one after the other out of slabs: ~50 ns a row where allocUnsafe costs
// ~110 (it refills its 8 KiB pool every few dozen rows), and the rows of a chunk lie side by side
// in memory, so the relay's output batch sends them as one part. A slab about the size of a
// received chunk; every byte of a row is written before it is returned; a slab is never reused.
const SLAB_BYTES = 64 * 1024;
const OWN_BUFFER = 4 * 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

function rowBuffer(size: number): Buffer {
  if (size > OWN_BUFFER) return Buffer.allocUnsafe(size);
  if (slabUsed + size > slab.byteLength) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES).buffer as ArrayBuffer;
    slabUsed = 0;
  }
  const b = Buffer.from(slab, slabUsed, size);
  slabUsed += size;
  return b;
}

/** Runs up to this many bytes are copied byte by byte (~1.4 ns a byte); longer ones natively (~25 ns). */
const RUN_LOOP_MAX = 12;

/** Copies src[from, to) to dst at `at`; returns the number of bytes copied. */
function copyRun(src: Buffer, dst: Buffer, at: number, from: number, to: number): number {
  const n = to - from;
  if (n > RUN_LOOP_MAX) return src.copy(dst, at, from, to);
  for (let i = 0; i < n; i++) dst[at + i] = src[from + i]!;
  return n;
}

/**
 * Returns the DataRow with each non-NULL cell of a column that has a transform replaced by the
 * transform's result. NULL cells stay NULL and are not passed. With no transform at all the same
 * frame comes back. The transform sees a view into `frame`: it must not keep it. A frame whose
 * lengths do not add up throws MalformedMessageError (fail closed).
 */
export function mapDataRow(frame: Buffer, columns: readonly (CellTransform | undefined)[]): Buffer {
  if (frame.length < HEADER) throw malformed('message is truncated');
  if (!columns.some((c) => c !== undefined)) {
    if (frame[0] !== DATA_ROW) throw malformed('unexpected message type');
    if (frame.readInt32BE(1) !== frame.length - 1)
      throw malformed('length word does not match the message size');
    if (frame.readInt16BE(5) !== columns.length)
      throw malformed('column count differs from the row description');
    return frame;
  }
  let cached = OPS.get(columns);
  if (cached === undefined || !sameTransforms(cached.fns, columns)) {
    const ops = columns.map((fn, index): CellOp | undefined =>
      fn === undefined
        ? undefined
        : { constant: undefined, map: (src, s, e) => fn(src.subarray(s, e), index), cells: 0 },
    );
    cached = { fns: [...columns], ops };
    OPS.set(columns, cached);
  }
  return maskDataRow(frame, 0, frame.length, cached.ops) ?? frame;
}

type Transforms = readonly (CellTransform | undefined)[];

/** The ops of a transform list, made once per list (callers pass the same list for every row). */
const OPS = new WeakMap<Transforms, { fns: Transforms; ops: (CellOp | undefined)[] }>();

/** Whether the list still holds the transforms its ops were made from (a list may be changed). */
function sameTransforms(a: Transforms, b: Transforms): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
