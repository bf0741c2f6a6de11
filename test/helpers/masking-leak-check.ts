/**
 * The checks of the masking leak harness for one shape and one client: what leaked (byte
 * search over every captured byte and over the client's own output, binary cells, binary
 * COPY), whether the client still read the result as it reads the direct one (same results,
 * columns and row counts; non-PHI columns unchanged; masked columns never equal to a raw
 * cell of the same column), and whether a binary run really asked for binary results.
 * Messages name columns and rows, never values.
 */
import type { ClientRun } from './masking-clients.js';
import {
  decodedText,
  type LeakFinding,
  type PhiOracle,
  scanBinaryCells,
  scanBytes,
  scanCopyBinary,
} from './masking-phi.js';
import { bindResultFormats, copyRows, splitMessages, wireResults } from './masking-tap.js';

/** Every raw PHI value the client received: socket bytes, binary cells and COPY, its own output. */
export function findLeaks(oracle: PhiOracle, r: ClientRun): LeakFinding[] {
  const out: LeakFinding[] = [];
  for (const w of r.wire) {
    out.push(...scanBytes(oracle, w.toClient, 'socket'));
    const messages = splitMessages(w.toClient);
    out.push(...scanBinaryCells(oracle, messages));
    out.push(...scanCopyBinary(oracle, messages));
  }
  out.push(...scanBytes(oracle, r.text, r.client === 'psql' ? 'psql output' : 'driver values'));
  for (const res of r.results) out.push(...scanBytes(oracle, decodedText(res.rows), 'driver values'));
  return out;
}

/** Result formats the client asked for in its Bind messages (proves a binary run was binary). */
export function requestedFormats(r: ClientRun): number[] {
  const formats: number[] = [];
  for (const w of r.wire) {
    for (const m of splitMessages(w.toServer, { startup: w.fresh })) {
      if (m.type === 'B') formats.push(...bindResultFormats(m.body));
    }
  }
  return formats;
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DATE = 1082;
const TIMESTAMPS = new Set([1114, 1184]);

/** Whether a raw cell is what generalization to the year gives anyway (the first of January at 00:00). */
function firstOfYear(cell: Buffer, typeOid: number, format: number): boolean {
  if (format === 1 && typeOid === DATE && cell.length === 4) {
    return new Date(PG_EPOCH_MS + cell.readInt32BE(0) * 86_400_000)
      .toISOString()
      .endsWith('-01-01T00:00:00.000Z');
  }
  if (format === 1 && TIMESTAMPS.has(typeOid) && cell.length === 8) {
    const ms = Number(cell.readBigInt64BE(0) / 1000n);
    return new Date(PG_EPOCH_MS + ms).toISOString().endsWith('-01-01T00:00:00.000Z');
  }
  return /^\d{4}-01-01(?:[ T]00:00:00(?:\+00(?::00)?)?)?$/.test(cell.toString('latin1'));
}

export interface CompareOptions {
  readonly clear?: readonly string[];
  readonly loose?: readonly string[];
}

interface WireResult {
  fields: ReturnType<typeof wireResults>[number]['fields'];
  rows: (Buffer | null)[][];
}

function resultsOf(r: ClientRun): { rows: WireResult[]; copyLines?: number; copyBinary?: boolean } {
  const rows: WireResult[] = [];
  let copyLines: number | undefined;
  let copyBinary = false;
  for (const w of r.wire) {
    const messages = splitMessages(w.toClient);
    // CopyOutResponse: overall format 1 is binary.
    if (messages.some((m) => m.type === 'H' && m.body[0] === 1)) copyBinary = true;
    rows.push(...wireResults(messages).filter((x) => x.fields.length > 0));
    const copy = copyRows(messages);
    if (copy !== undefined) copyLines = (copyLines ?? 0) + copy;
  }
  return { rows, copyBinary, ...(copyLines !== undefined ? { copyLines } : {}) };
}

/**
 * Problems (empty when fine) comparing what the gateway sent with what upstream sends, cell by
 * cell as they travel (text or binary, before any driver parses them): the same results,
 * columns and row counts; non-PHI columns byte-identical (as multisets: unordered shapes); no
 * cell of another column equal to a raw cell of that column, unless the raw cell is short or is
 * already what year generalization gives. Then the driver's view: the same number of results,
 * columns and rows.
 */
export function compareRuns(direct: ClientRun, via: ClientRun, o: CompareOptions): string[] {
  const problems: string[] = [];
  const d = resultsOf(direct);
  const v = resultsOf(via);
  if (d.copyLines !== v.copyLines)
    problems.push(`COPY data: ${v.copyLines} rows through the gateway, ${d.copyLines} directly`);
  if (d.rows.length !== v.rows.length) {
    problems.push(`${v.rows.length} row sets through the gateway, ${d.rows.length} directly`);
    return problems;
  }
  d.rows.forEach((dr, ri) => {
    const vr = v.rows[ri]!;
    if (dr.fields.length !== vr.fields.length) {
      problems.push(
        `row set ${ri}: ${vr.fields.length} columns through the gateway, ${dr.fields.length} directly`,
      );
      return;
    }
    if (dr.rows.length !== vr.rows.length) {
      problems.push(`row set ${ri}: ${vr.rows.length} rows through the gateway, ${dr.rows.length} directly`);
      return;
    }
    dr.fields.forEach((field, ci) => {
      const name = field.name;
      if (vr.fields[ci]?.name !== name) problems.push(`row set ${ri}: column ${ci} renamed`);
      if (o.loose?.includes(name)) return;
      const key = (c: Buffer | null | undefined) => (c ? c.toString('latin1') : '\u0000null');
      if (o.clear?.includes(name)) {
        const a = dr.rows.map((row) => key(row[ci])).sort();
        const b = vr.rows.map((row) => key(row[ci])).sort();
        if (vr.fields[ci]?.typeOid !== field.typeOid)
          problems.push(`row set ${ri}: non-PHI column "${name}" changed type`);
        else if (a.join('\u0001') !== b.join('\u0001'))
          problems.push(`row set ${ri}: non-PHI column "${name}" changed`);
        return;
      }
      const raw = new Set<string>();
      for (const row of dr.rows) {
        const c = row[ci];
        if (c && c.length >= 4 && !firstOfYear(c, field.typeOid, field.format)) raw.add(key(c));
      }
      vr.rows.forEach((row, rowIndex) => {
        if (raw.has(key(row[ci])))
          problems.push(`row set ${ri}: column "${name}" row ${rowIndex} is a raw cell of that column`);
      });
    });
  });
  // The driver read as many results, columns and rows as it reads directly.
  if (direct.results.length !== via.results.length) {
    problems.push(
      `driver: ${via.results.length} results through the gateway, ${direct.results.length} directly`,
    );
  } else {
    direct.results.forEach((dr, i) => {
      const vr = via.results[i]!;
      if (dr.columns.join('\u0001') !== vr.columns.join('\u0001'))
        problems.push(`driver: result ${i} columns differ`);
      if (dr.rows.length !== vr.rows.length)
        problems.push(`driver: result ${i} has ${vr.rows.length} rows, directly ${dr.rows.length}`);
    });
  }
  // psql prints binary COPY data as it comes: its line count follows the bytes, not the rows.
  if (d.copyBinary !== true && direct.lines !== via.lines)
    problems.push(`psql: ${via.lines} output lines through the gateway, ${direct.lines} directly`);
  return problems;
}
