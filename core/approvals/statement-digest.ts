import { createHash } from 'node:crypto';

/** SHA-256 (hex) of a statement's exact text: what a `once` grant is bound to. */
export function statementSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
