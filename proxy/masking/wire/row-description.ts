/**
 * RowDescription ('T'): int16 field count, then per field
 *   name (C string), table OID (int32), attribute number (int16), type OID (int32),
 *   type size (int16), type modifier (int32), format code (int16: 0 text, 1 binary).
 * The fixed part after each name is 18 bytes.
 */
import { checkFrame, MalformedMessageError } from './wire-error.js';

const ROW_DESCRIPTION = 0x54; // 'T'
const FIXED = 18;

export interface RowField {
  readonly name: string;
  /** OID of the table the column comes from, 0 when it is no table column. */
  readonly tableOid: number;
  /** Attribute number within that table, 0 when none. */
  readonly attnum: number;
  readonly typeOid: number;
  /** pg_type.typlen: -1 varlena, -2 C string. */
  readonly typeSize: number;
  readonly typmod: number;
  /** 0 text, 1 binary (in a RowDescription answering Describe of a statement: always 0). */
  readonly format: number;
}

export interface TypeChange {
  readonly typeOid: number;
  readonly typeSize: number;
  readonly typmod: number;
}

/** Offsets of each field's fixed part (just after its name's NUL); validates the whole message. */
function fixedOffsets(frame: Buffer): number[] {
  checkFrame(frame, ROW_DESCRIPTION, 'RowDescription', 2);
  const count = frame.readInt16BE(5);
  if (count < 0) throw new MalformedMessageError('RowDescription', 'negative field count');
  const offsets: number[] = [];
  let pos = 7;
  for (let i = 0; i < count; i++) {
    const nul = frame.indexOf(0, pos);
    if (nul < 0) throw new MalformedMessageError('RowDescription', 'unterminated field name');
    pos = nul + 1;
    if (pos + FIXED > frame.length) throw new MalformedMessageError('RowDescription', 'message is truncated');
    offsets.push(pos);
    pos += FIXED;
  }
  if (pos !== frame.length) throw new MalformedMessageError('RowDescription', 'trailing bytes');
  return offsets;
}

export function parseRowDescription(frame: Buffer): RowField[] {
  const offsets = fixedOffsets(frame);
  const fields: RowField[] = [];
  let nameStart = 7;
  for (const o of offsets) {
    fields.push({
      name: frame.toString('utf8', nameStart, o - 1),
      tableOid: frame.readUInt32BE(o),
      attnum: frame.readInt16BE(o + 4),
      typeOid: frame.readUInt32BE(o + 6),
      typeSize: frame.readInt16BE(o + 10),
      typmod: frame.readInt32BE(o + 12),
      format: frame.readInt16BE(o + 16),
    });
    nameStart = o + FIXED;
  }
  return fields;
}

/**
 * Announces new types for the columns in `changes` (column index → type). The message keeps its
 * size, so the result is one copy of the frame patched in place; with no change that differs from
 * the frame the same buffer comes back. A change for a column the message does not have throws.
 */
export function rewriteRowDescription(frame: Buffer, changes: ReadonlyMap<number, TypeChange>): Buffer {
  if (changes.size === 0) {
    checkFrame(frame, ROW_DESCRIPTION, 'RowDescription', 2);
    return frame;
  }
  const offsets = fixedOffsets(frame);
  let out: Buffer | undefined;
  for (const [index, change] of changes) {
    const o = offsets[index];
    if (o === undefined || !Number.isInteger(index)) {
      throw new MalformedMessageError('RowDescription', 'type change for a column the message does not have');
    }
    if (
      frame.readUInt32BE(o + 6) === change.typeOid &&
      frame.readInt16BE(o + 10) === change.typeSize &&
      frame.readInt32BE(o + 12) === change.typmod
    ) {
      continue;
    }
    out ??= Buffer.from(frame);
    out.writeUInt32BE(change.typeOid, o + 6);
    out.writeInt16BE(change.typeSize, o + 10);
    out.writeInt32BE(change.typmod, o + 12);
  }
  return out ?? frame;
}
