import { createHash, hash as oneShotHash } from 'node:crypto';
import { canonicalJson, canonicalMembers } from './canonical.js';

/** The chain fields every record carries; `hash` is computed over all the others. */
export interface RecordEnvelope {
  readonly schema: string;
  readonly type: string;
  /** Event time, ISO 8601 UTC with milliseconds. */
  readonly at: string;
  /** Position in the whole log (1-based, no gaps). */
  readonly lseq: number;
  /** `hash` of the record before this one in the log (genesis: 64 zeros). */
  readonly lprev: string;
  /** Session id, or a system chain (`log`, `approvals`). */
  readonly chain: string;
  /** Position in the chain (1-based, no gaps). */
  readonly seq: number;
  /** `hash` of the previous record of the same chain (genesis: 64 zeros). */
  readonly prev: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Sealed {
  /** SHA-256 (hex) of the canonical encoding of the record without `hash`. */
  readonly hash: string;
  /** The stored line: the canonical encoding of the record with `hash`, plus `\n`. */
  readonly line: string;
}

/** SHA-256, lowercase hex (one-shot: cheaper than a Hash object for records this small). */
export const sha256Hex = (data: string | Uint8Array): string => oneShotHash('sha256', data, 'hex');

/** Hashes a record (without its `hash` member) and returns the line to store. */
export function sealRecord(envelope: RecordEnvelope): Sealed {
  const members = canonicalMembers(envelope as unknown as Record<string, unknown>);
  const hash = sha256Hex(`{${members.join(',')}}`);
  const hashMember = `"hash":"${hash}"`;
  // Insert `hash` at its sorted place so the stored line is itself canonical.
  let i = 0;
  while (i < members.length && (members[i] as string) < '"hash"') i++;
  members.splice(i, 0, hashMember);
  return { hash, line: `{${members.join(',')}}\n` };
}

/**
 * The same as `sealRecord` for a `data` whose canonical encoding the caller already has (the
 * hot records, built with their keys in sorted order so `JSON.stringify` is canonical). The
 * envelope is written in its fixed sorted order; `verify` re-checks every line's canonical form.
 */
export function sealWithData(envelope: Omit<RecordEnvelope, 'data'>, dataJson: string): Sealed {
  const head = `{"at":${JSON.stringify(envelope.at)},"chain":${JSON.stringify(envelope.chain)},"data":${dataJson}`;
  const tail =
    `"lprev":"${envelope.lprev}","lseq":${envelope.lseq},"prev":"${envelope.prev}",` +
    `"schema":${JSON.stringify(envelope.schema)},"seq":${envelope.seq},"type":${JSON.stringify(envelope.type)}}`;
  const hash = sha256Hex(`${head},${tail}`);
  return { hash, line: `${head},"hash":"${hash}",${tail}\n` };
}

/**
 * `sealWithData` for a record whose data carries one large value that needs no JSON escaping
 * (a recording segment's base64 payload, as a string or as its ASCII bytes): the canonical data
 * is `dataBefore + payload + dataAfter`. The line comes back in pieces and the hash is computed over them in order, so the
 * payload is never copied into a joined string (a streamed result's recording would otherwise
 * produce several copies of every byte as garbage).
 */
export function sealWithPayload(
  envelope: Omit<RecordEnvelope, 'data'>,
  dataBefore: string,
  payload: string | Uint8Array,
  dataAfter: string,
): { hash: string; pieces: (string | Uint8Array)[] } {
  const head = `{"at":${JSON.stringify(envelope.at)},"chain":${JSON.stringify(envelope.chain)},"data":${dataBefore}`;
  const tail =
    `"lprev":"${envelope.lprev}","lseq":${envelope.lseq},"prev":"${envelope.prev}",` +
    `"schema":${JSON.stringify(envelope.schema)},"seq":${envelope.seq},"type":${JSON.stringify(envelope.type)}}`;
  const hash = createHash('sha256').update(head).update(payload).update(`${dataAfter},${tail}`).digest('hex');
  return { hash, pieces: [head, payload, `${dataAfter},"hash":"${hash}",${tail}\n`] };
}

/** Recomputes a parsed record's hash: SHA-256 over the canonical encoding without `hash`. */
export function recomputeHash(record: Readonly<Record<string, unknown>>): string {
  const { hash: _omit, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

/** True when `line` (without its newline) is exactly the canonical encoding of `record`. */
export function isCanonicalLine(line: string, record: unknown): boolean {
  return canonicalJson(record) === line;
}
