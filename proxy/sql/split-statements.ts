/**
 * Turns libpg-query's raw statements (byte offsets into the UTF-8 text) into statements with
 * their own text and character offsets, so each can be fingerprinted, shown and decided alone.
 */
import type { RawStmt } from 'libpg-query';
import { type AstObject, isObject } from './ast.js';

export interface StatementSlice {
  /** The statement's own text (without the separating semicolon and trailing whitespace). */
  readonly text: string;
  /** Character offsets [start, end) in the batch text. */
  readonly start: number;
  readonly end: number;
  /** The wrapped parse node, e.g. `{ SelectStmt: {...} }`. */
  readonly node: AstObject;
}

export function splitStatements(text: string, stmts: readonly RawStmt[]): StatementSlice[] {
  const ascii = Buffer.byteLength(text) === text.length;
  const bytes = ascii ? undefined : Buffer.from(text, 'utf8');
  const charAt = (byteOffset: number): number =>
    bytes ? bytes.subarray(0, byteOffset).toString('utf8').length : byteOffset;
  const totalBytes = bytes ? bytes.length : text.length;
  const out: StatementSlice[] = [];
  for (const raw of stmts) {
    if (!isObject(raw.stmt)) continue;
    const startByte = raw.stmt_location ?? 0;
    const endByte = raw.stmt_len ? startByte + raw.stmt_len : totalBytes;
    const start = charAt(startByte);
    let end = charAt(endByte);
    while (end > start && /[\s;]/.test(text[end - 1] as string)) end--;
    out.push({ text: text.slice(start, end), start, end, node: raw.stmt as AstObject });
  }
  return out;
}
