/**
 * Does the real parse tree agree with the shape lexer on a text? Checked before a shape is
 * stored, so that a lexer mistake can only cost a cache miss:
 *
 * - every `location` in the tree (byte offsets, as libpg-query reports them) is the start of a
 *   lexer token: no node starts inside what the lexer took for a literal, a comment or an
 *   operator run, and no token boundary the parser sees is missing;
 * - every literal the lexer replaced by a placeholder is the constant of an `A_Const` of the
 *   placeholder's type (a string `sval`, an int4 `ival`, another number `fval`): one located at
 *   the literal, or at a unary minus before it (`-5`, `- (5)`, `-'5'`: PostgreSQL's doNegate
 *   reports the constant at the sign, folded into it for a number);
 * - every `A_Const` located at a token is at such a literal or at a token kept verbatim in the
 *   key (`true`, `null`, a verbatim number, an interval field keyword …), whose value the key
 *   therefore fixes; synthesized constants (location -1) come from the grammar alone.
 *
 * The parser gives no constant's length; the lexer's literal ends are checked through the
 * next token's position (it must be a token start too).
 */
import { type ShapeTokens, TOKEN } from './shape-lexer.js';

/** Trees larger than this are not checked (not stored as shapes). The walk recurses as deep as the
 * tree nests, as the facts walk before it did; a stack overflow is caught by the caller. */
const MAX_NODES = 20_000;

const isReplaced = (kind: number | undefined): boolean =>
  kind === TOKEN.string || kind === TOKEN.integer || kind === TOKEN.numeric;

/** The constant's value field must be the one the literal's placeholder stands for. */
function valueMatches(kind: number | undefined, constant: Readonly<Record<string, unknown>>): boolean {
  switch (kind) {
    case TOKEN.string:
      return 'sval' in constant;
    case TOKEN.integer:
      return 'ival' in constant;
    case TOKEN.numeric:
      return 'fval' in constant;
    case TOKEN.verbatimNumber:
      return 'ival' in constant || 'fval' in constant;
    default:
      return true;
  }
}

export function agreesWithParse(lex: ShapeTokens, text: string, tree: unknown): boolean {
  const bytes = byteOffsets(text, lex.starts);
  // Token index + 1 by byte offset (0: no token starts there).
  const tokenAt = new Int32Array((bytes[bytes.length - 1] ?? 0) + 2);
  for (let t = 0; t < bytes.length; t++) tokenAt[bytes[t]!] = t + 1;
  const at = (location: number): number => (location < tokenAt.length ? tokenAt[location]! - 1 : -1);
  const covered = new Uint8Array(lex.kinds.length);
  let budget = MAX_NODES;

  const cover = (constant: Readonly<Record<string, unknown>>): boolean => {
    const location = constant.location;
    if (typeof location !== 'number' || location < 0) return true;
    let t = at(location);
    if (t < 0) return false;
    if (lex.kinds[t] === TOKEN.minus) {
      t++;
      while (lex.kinds[t] === TOKEN.minus || lex.kinds[t] === TOKEN.leftParen) t++;
    }
    if (!valueMatches(lex.kinds[t], constant)) return false;
    if (isReplaced(lex.kinds[t])) covered[t] = 1;
    return true;
  };

  const walk = (value: object): boolean => {
    if (--budget < 0) return false;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null && !walk(item)) return false;
      return true;
    }
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const v = record[key];
      if (typeof v === 'object') {
        if (v === null) continue;
        if (key === 'A_Const' && !cover(v as Record<string, unknown>)) return false;
        if (!walk(v)) return false;
      } else if (key === 'location' && typeof v === 'number' && v >= 0 && at(v) < 0) {
        return false;
      }
    }
    return true;
  };

  if (typeof tree !== 'object' || tree === null || !walk(tree)) return false;
  for (let t = 0; t < lex.kinds.length; t++) {
    if (isReplaced(lex.kinds[t]) && covered[t] !== 1) return false;
  }
  return true;
}

/** UTF-8 byte offset of each character offset in `starts` (ascending). */
function byteOffsets(text: string, starts: readonly number[]): number[] {
  if (Buffer.byteLength(text) === text.length) return [...starts];
  const out: number[] = [];
  let bytes = 0;
  let at = 0;
  for (const s of starts) {
    bytes += Buffer.byteLength(text.slice(at, s));
    at = s;
    out.push(bytes);
  }
  return out;
}
