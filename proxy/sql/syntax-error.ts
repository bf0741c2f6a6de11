/**
 * A parser error as phigate reports it: the kind of error and where, never the text around it
 * (libpg-query's message quotes the offending token, which may be a literal holding PHI).
 */
import { hasSqlDetails } from 'libpg-query';

export interface SqlSyntaxError {
  /** e.g. "syntax error", "unterminated quoted string"; no statement text. */
  readonly message: string;
  /**
   * 1-based position in characters (code points) of the text, as PostgreSQL reports it in an
   * ErrorResponse; undefined when unknown.
   */
  readonly position: number | undefined;
}

/** Messages whose tail quotes statement text: cut at these markers. */
const QUOTING = [' at or near ', ' at end of input'];

export function toSqlSyntaxError(error: unknown, text: string): SqlSyntaxError {
  const raw = error instanceof Error ? error.message : '';
  let message = raw.split('\n')[0] ?? '';
  let atEnd = false;
  for (const marker of QUOTING) {
    const i = message.indexOf(marker);
    if (i >= 0) {
      atEnd ||= marker === ' at end of input';
      message = message.slice(0, i);
    }
  }
  // Anything still quoting text is dropped to a generic message.
  if (!message || /["'$]/.test(message) || message.length > 120) message = 'syntax error';
  let position: number | undefined;
  if (hasSqlDetails(error) && typeof error.sqlDetails?.cursorPosition === 'number') {
    // libpg-query reports the 0-based code-point offset, as PostgreSQL computes it.
    position = error.sqlDetails.cursorPosition + 1;
  } else if (atEnd) {
    position = [...text].length + 1;
  }
  return { message: atEnd ? `${message} at end of input` : message, position };
}
