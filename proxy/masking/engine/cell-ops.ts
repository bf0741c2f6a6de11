/**
 * Compiles one masked result column into the CellOp the DataRow codec runs per cell. The
 * generic path is `maskCell` (decode, mask, encode); around it, without changing any result:
 *   - a mask that does not depend on the value (a redaction token, SQL NULL) is encoded once;
 *   - a generalized date (of a date type, or ISO text) or ZIP is computed once per year (month)
 *     or ZIP prefix, read from the bytes (values/byte-keys.ts), and shared by every cell with
 *     that key;
 *   - any other value-dependent mask (free text, pseudonyms, partial) is memoized per distinct
 *     cell for the statement, while the column repeats values (low-cardinality columns); a
 *     column whose values are mostly distinct stops being memoized after a probe.
 * Memoized free-text results replay their detection counts, so the statement's record is the
 * same as if every cell had been scanned.
 */
import { COLUMN_CLASS_EXTRA } from '../../../core/config/masking.js';
import type { PhiEntity } from '../../../core/phi/entities.js';
import { redactToken } from '../methods/redact.js';
import { type ByteKey, binaryDateKey, isoTextDateKey, textDateKey, zipKey } from '../values/byte-keys.js';
import { encodeCell } from '../values/encode-cell.js';
import { type CellMaskContext, maskCell } from '../values/mask-cell.js';
import { OID, TEXT_LIKE } from '../values/type-oids.js';
import type { CellOp } from '../wire/data-row.js';
import { CellMemo } from './cell-memo.js';
import type { ColumnMask } from './column-plan.js';

type Counts = Partial<Record<PhiEntity, number>>;
type CellMap = CellOp['map'];

/** Distinct cells memoized per column, and the longest cell memoized (bytes). */
const MEMO_ENTRIES = 2048;
const MEMO_MAX_CELL = 64;
/** After this many memo lookups, a column with fewer than a quarter hits stops memoizing. */
const MEMO_PROBE = 1024;
/** Results kept per column for keyed masks (a key per year, month or ZIP prefix). */
const KEYED_ENTRIES = 4096;

/** The cell every value of this column becomes, when it does not depend on the value. */
function constantCell(m: ColumnMask, format: 0 | 1): Buffer | null | undefined {
  const p = m.plan;
  if (p.strategy === 'null') return null;
  if (p.strategy !== 'text' || m.method !== 'redact' || m.entity === COLUMN_CLASS_EXTRA.freeText)
    return undefined;
  // bpchar pads or cuts to its length: leave those to maskCell.
  if (p.outputTypeOid !== OID.text && p.outputTypeOid !== OID.varchar) return undefined;
  return encodeCell(redactToken(m.entity as PhiEntity), format, p.outputTypeOid, p.outputTypmod);
}

/** Reads the key of the cells whose result depends on that key only, for this column. */
function byteKeyFor(m: ColumnMask, format: 0 | 1, ctx: CellMaskContext): ByteKey | undefined {
  const p = m.plan;
  if (p.strategy === 'date-generalize') {
    const month = ctx.dateGranularity === 'month';
    return format === 0 ? textDateKey(p.inputTypeOid, month) : binaryDateKey(p.inputTypeOid, month);
  }
  // Text read as UTF-8 and a result sent as UTF-8 (no bpchar padding, no name truncation).
  const plainText =
    p.strategy === 'text' &&
    m.method === 'generalize' &&
    (format === 0 || TEXT_LIKE.has(p.inputTypeOid)) &&
    (p.outputTypeOid === OID.text || p.outputTypeOid === OID.varchar);
  if (!plainText) return undefined;
  if (m.entity === 'ZIP') return zipKey;
  if (m.entity === 'DATE' || m.entity === 'BIRTH_DATE') return isoTextDateKey;
  return undefined;
}

/**
 * A result to keep: small buffers are views into node's shared 8 KiB pool, and one kept view
 * would hold its whole pool slab alive; a copy of its own holds only its bytes.
 */
function own(b: Buffer | null): Buffer | null {
  if (b === null || b.buffer.byteLength === b.length) return b;
  const copy = Buffer.allocUnsafeSlow(b.length);
  b.copy(copy);
  return copy;
}

/** Shares the generic result between the cells of one key; other cells go the generic way. */
function keyed(key: ByteKey, generic: CellMap): CellMap {
  const results = new Map<number, Buffer | null>();
  return (src, start, end) => {
    const k = key(src, start, end);
    if (k < 0) return generic(src, start, end);
    let r = results.get(k);
    if (r === undefined) {
      r = generic(src, start, end);
      if (results.size < KEYED_ENTRIES) results.set(k, (r = own(r)));
    }
    return r;
  };
}

interface Memo {
  readonly out: Buffer | null;
  /** What the detectors reported for the cell (each call of onDetections), replayed on a hit. */
  readonly counts: readonly Counts[] | undefined;
}

/**
 * Memoizes a value-dependent mask per distinct cell (by its bytes). Detection counts of a cell
 * are captured on the first computation and reported again on every hit.
 */
function memoized(m: ColumnMask, format: 0 | 1, ctx: CellMaskContext): CellMap {
  const report = ctx.onDetections;
  let captured: Counts[] | undefined;
  const capturing: CellMaskContext = {
    ...ctx,
    onDetections: (counts) => {
      (captured ??= []).push(counts);
    },
  };
  const compute = (src: Buffer, start: number, end: number): Memo => {
    captured = undefined;
    const out = maskCell(src.subarray(start, end), format, m.plan, capturing);
    const counts = captured;
    captured = undefined;
    return { out, counts };
  };
  const replay = (r: Memo): Buffer | null => {
    if (r.counts !== undefined && report !== undefined) for (const c of r.counts) report(c);
    return r.out;
  };
  let memo: CellMemo<Memo> | undefined = new CellMemo(MEMO_ENTRIES, MEMO_MAX_CELL);
  let lookups = 0;
  let hits = 0;
  return (src, start, end) => {
    if (memo === undefined || end - start > MEMO_MAX_CELL) return replay(compute(src, start, end));
    const hit = memo.get(src, start, end);
    if (hit !== undefined) {
      hits++;
      if (++lookups === MEMO_PROBE && hits * 4 < MEMO_PROBE) memo = undefined;
      return replay(hit);
    }
    let r = compute(src, start, end);
    if (memo.size < MEMO_ENTRIES && end - start <= MEMO_MAX_CELL) {
      r = { out: own(r.out), counts: r.counts };
      memo.set(src, start, end, r);
    }
    if (++lookups === MEMO_PROBE && hits * 4 < MEMO_PROBE) memo = undefined;
    return replay(r);
  };
}

/** The CellOp of one masked column of a result in `format` (0 text, 1 binary). */
export function compileCellOp(m: ColumnMask, format: 0 | 1, ctx: CellMaskContext): CellOp {
  const constant = constantCell(m, format);
  if (constant !== undefined) return { constant, map: () => constant, cells: 0 };
  const key = byteKeyFor(m, format, ctx);
  if (key !== undefined) {
    const generic: CellMap = (src, start, end) => maskCell(src.subarray(start, end), format, m.plan, ctx);
    return { constant: undefined, map: keyed(key, generic), cells: 0 };
  }
  return { constant: undefined, map: memoized(m, format, ctx), cells: 0 };
}
