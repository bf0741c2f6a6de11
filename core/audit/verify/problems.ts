/** What `verify` can find wrong. Each problem names the place: file, line, log position, chain. */
export const PROBLEM = {
  /** A line is not JSON (a byte changed, or a truncated line in the middle of the log). */
  unparseable: 'unparseable',
  /** A record does not match the v1 contract. */
  invalidRecord: 'invalid-record',
  /** A record's content does not hash to its `hash` (edited). */
  hashMismatch: 'hash-mismatch',
  /** The bytes are not the canonical encoding of the record (edited without changing content). */
  notCanonical: 'not-canonical',
  /** Records missing before this one in the log (deleted events, sessions, or files). */
  logGap: 'log-gap',
  /** A record appears before one it should follow (reordered or duplicated). */
  logReorder: 'log-reorder',
  /** `lprev` is not the hash of the record before it in the log. */
  logLink: 'log-link',
  /** A chain (session or system) skips, repeats or misorders a sequence number or a link. */
  chainBreak: 'chain-break',
  /** A session's records without its `session.start`, or after its `session.end`. */
  chainState: 'chain-state',
  /** Statement numbers skip, or an outcome has no intent. */
  statementOrder: 'statement-order',
  /** Recording segments skip, repeat, break their own chain, or carry a corrupt payload. */
  recording: 'recording',
  /** A log file is missing, renumbered, or does not start with its checkpoint. */
  segmentStructure: 'segment-structure',
  /** A checkpoint's chain heads disagree with the records before it. */
  checkpoint: 'checkpoint',
  /** The log starts after its beginning with no `retention.applied` record naming that boundary. */
  missingStart: 'missing-start',
  /** The log ends before the last acknowledged record the writer published in its head file. */
  truncated: 'truncated',
  /** An incomplete final line in a file that is not the last, or while no writer is running. */
  tornLine: 'torn-line',
} as const;
export type ProblemKind = (typeof PROBLEM)[keyof typeof PROBLEM];

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly lseq?: number;
  readonly chain?: string;
  readonly seq?: number;
}

/** `file:line (lseq N, chain C seq S)` */
export function formatPlace(p: Problem): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.line ? `${p.file}:${p.line}` : p.file);
  const pos: string[] = [];
  if (p.lseq !== undefined) pos.push(`lseq ${p.lseq}`);
  if (p.chain !== undefined) pos.push(`chain ${p.chain}${p.seq !== undefined ? ` seq ${p.seq}` : ''}`);
  if (pos.length) parts.push(`(${pos.join(', ')})`);
  return parts.join(' ');
}
