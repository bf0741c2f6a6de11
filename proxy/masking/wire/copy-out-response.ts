/**
 * CopyOutResponse ('H'): int8 overall format (0 textual, 1 binary), int16 column count, then one
 * int16 format code per column. In COPY every column has the overall format; text and CSV are
 * both "textual" here: which one it is comes from the statement (`copyOptionsFromStatement`).
 */
import type { CopyFormat } from './copy-options.js';
import { checkFrame, MalformedMessageError, UnsupportedCopyError } from './wire-error.js';

const COPY_OUT_RESPONSE = 0x48; // 'H'

export interface CopyOutDescription {
  readonly format: 'text' | 'binary';
  /** One format code (0 text, 1 binary) per column; its length is the column count of every row. */
  readonly columnFormats: readonly number[];
}

const malformed = (problem: string) => new MalformedMessageError('CopyOutResponse', problem);

export function parseCopyOutResponse(frame: Buffer): CopyOutDescription {
  checkFrame(frame, COPY_OUT_RESPONSE, 'CopyOutResponse', 3);
  const overall = frame[5]!;
  if (overall !== 0 && overall !== 1) throw malformed('unknown overall format');
  const count = frame.readInt16BE(6);
  if (count < 0) throw malformed('negative column count');
  if (frame.length !== 8 + 2 * count) throw malformed('column formats do not match the column count');
  const columnFormats: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = frame.readInt16BE(8 + 2 * i);
    if (f !== overall) throw malformed('a column format differs from the overall format');
    columnFormats.push(f);
  }
  return { format: overall === 1 ? 'binary' : 'text', columnFormats };
}

/** Throws unless the statement's COPY format is what the server announced (binary vs text/CSV). */
export function assertCopyFormat(description: CopyOutDescription, statementFormat: CopyFormat): void {
  const binary = statementFormat === 'binary';
  if (binary !== (description.format === 'binary')) {
    throw new UnsupportedCopyError(
      'the server announced a different COPY format than the statement asks for',
    );
  }
}
