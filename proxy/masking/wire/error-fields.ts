/**
 * ErrorResponse ('E') and NoticeResponse ('N'): a list of fields, each a one-byte code and a
 * NUL-terminated UTF-8 string, ended by a zero byte. Codes (PostgreSQL "Error and Notice Message
 * Fields"): S/V severity, C SQLSTATE, M message, D detail, H hint, P/p positions, q internal
 * query, W context (where), s/t/c/d/n schema, table, column, data type and constraint names,
 * F/L/R source file, line and routine.
 */
import { MalformedMessageError } from './wire-error.js';

const ERROR_RESPONSE = 0x45; // 'E'
const NOTICE_RESPONSE = 0x4e; // 'N'

export type ErrorFieldCode =
  | 'S'
  | 'V'
  | 'C'
  | 'M'
  | 'D'
  | 'H'
  | 'P'
  | 'p'
  | 'q'
  | 'W'
  | 's'
  | 't'
  | 'c'
  | 'd'
  | 'n'
  | 'F'
  | 'L'
  | 'R'
  | (string & {});

/** Fields that never carry a value: severity, SQLSTATE, positions, source location. */
const STRUCTURAL = new Set(['S', 'V', 'C', 'P', 'p', 'F', 'L', 'R']);

export interface ServerMessage {
  /** 'E' or 'N'. */
  readonly type: 'E' | 'N';
  /** Fields in wire order (a code may repeat; PostgreSQL does not repeat them). */
  readonly fields: readonly (readonly [ErrorFieldCode, string])[];
}

const malformed = (problem: string) => new MalformedMessageError('ErrorResponse/NoticeResponse', problem);

export function parseServerMessage(frame: Buffer): ServerMessage {
  if (frame.length < 6) throw malformed('message is truncated');
  const type = frame[0];
  if (type !== ERROR_RESPONSE && type !== NOTICE_RESPONSE) throw malformed('unexpected message type');
  if (frame.readInt32BE(1) !== frame.length - 1)
    throw malformed('length word does not match the message size');
  const fields: [ErrorFieldCode, string][] = [];
  let pos = 5;
  for (;;) {
    if (pos >= frame.length) throw malformed('field list is not terminated');
    const code = frame[pos]!;
    if (code === 0) break;
    const nul = frame.indexOf(0, pos + 1);
    if (nul < 0) throw malformed('unterminated field value');
    fields.push([String.fromCharCode(code), frame.toString('utf8', pos + 1, nul)]);
    pos = nul + 1;
  }
  if (pos !== frame.length - 1) throw malformed('trailing bytes after the field list');
  return { type: type === ERROR_RESPONSE ? 'E' : 'N', fields };
}

export function serializeServerMessage(message: ServerMessage): Buffer {
  let size = 5 + 1;
  const values = message.fields.map(([code, value]) => {
    if (code.length !== 1 || code === '\0') throw malformed('invalid field code');
    const bytes = Buffer.from(value.includes('\0') ? value.replaceAll('\0', '') : value, 'utf8');
    size += 2 + bytes.length;
    return bytes;
  });
  const out = Buffer.allocUnsafe(size);
  out[0] = message.type === 'E' ? ERROR_RESPONSE : NOTICE_RESPONSE;
  out.writeInt32BE(size - 1, 1);
  let pos = 5;
  message.fields.forEach(([code], i) => {
    out[pos++] = code.charCodeAt(0);
    pos += values[i]!.copy(out, pos);
    out[pos++] = 0;
  });
  out[pos] = 0;
  return out;
}

/**
 * Passes every field that can carry text from the data (all but severity, SQLSTATE, positions and
 * source location; unknown codes included) through `mask`, which also sees all fields as
 * received (for the SQLSTATE, the table name...). Returns the same frame when nothing changed.
 */
export function maskErrorFields(
  frame: Buffer,
  mask: (value: string, field: ErrorFieldCode, all: ReadonlyMap<ErrorFieldCode, string>) => string,
): Buffer {
  const message = parseServerMessage(frame);
  const all = new Map<ErrorFieldCode, string>();
  for (const [code, value] of message.fields) if (!all.has(code)) all.set(code, value);
  let changed = false;
  const fields = message.fields.map(([code, value]): [ErrorFieldCode, string] => {
    if (STRUCTURAL.has(code)) return [code, value];
    const masked = mask(value, code, all);
    if (masked !== value) changed = true;
    return [code, masked];
  });
  return changed ? serializeServerMessage({ type: message.type, fields }) : frame;
}
