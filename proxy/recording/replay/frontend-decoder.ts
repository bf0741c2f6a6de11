/** Frontend messages the transcript shows; the rest are reported by type only. */
export type FrontendMessage =
  | { readonly kind: 'query'; readonly text: string }
  | { readonly kind: 'parse'; readonly name: string; readonly text: string }
  | { readonly kind: 'bind'; readonly portal: string; readonly statement: string; readonly params: number }
  | { readonly kind: 'execute'; readonly portal: string; readonly maxRows: number }
  | { readonly kind: 'describe' | 'close'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly kind: 'sync' | 'flush' | 'terminate' | 'copy-done' | 'function-call' }
  | { readonly kind: 'copy-data'; readonly bytes: number }
  | { readonly kind: 'copy-fail'; readonly message: string }
  | { readonly kind: 'other'; readonly type: string };

/**
 * Decodes the recorded frontend stream (typed messages, split across frames at any point).
 * pg-protocol only parses backend messages, so this is the frontend half.
 */
export class FrontendDecoder {
  #buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer, emit: (m: FrontendMessage) => void): void {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    let o = 0;
    while (this.#buf.length - o >= 5) {
      const type = this.#buf[o] as number;
      const len = this.#buf.readInt32BE(o + 1);
      if (len < 4) {
        emit({ kind: 'other', type: String.fromCharCode(type) });
        o = this.#buf.length;
        break;
      }
      if (this.#buf.length - o < 1 + len) break;
      emit(decode(type, this.#buf.subarray(o + 5, o + 1 + len)));
      o += 1 + len;
    }
    this.#buf = this.#buf.subarray(o);
  }
}

function cstrings(body: Buffer, count: number): { values: string[]; end: number } {
  const values: string[] = [];
  let o = 0;
  for (let i = 0; i < count; i++) {
    const z = body.indexOf(0, o);
    const end = z < 0 ? body.length : z;
    values.push(body.toString('utf8', o, end));
    o = end + 1;
  }
  return { values, end: o };
}

function decode(type: number, body: Buffer): FrontendMessage {
  switch (String.fromCharCode(type)) {
    case 'Q':
      return { kind: 'query', text: cstrings(body, 1).values[0] ?? '' };
    case 'P': {
      const { values } = cstrings(body, 2);
      return { kind: 'parse', name: values[0] ?? '', text: values[1] ?? '' };
    }
    case 'B': {
      const { values, end } = cstrings(body, 2);
      let o = end;
      const nFormats = body.length >= o + 2 ? body.readInt16BE(o) : 0;
      o += 2 + 2 * Math.max(0, nFormats);
      const params = body.length >= o + 2 ? body.readInt16BE(o) : 0;
      return { kind: 'bind', portal: values[0] ?? '', statement: values[1] ?? '', params };
    }
    case 'E': {
      const { values, end } = cstrings(body, 1);
      return {
        kind: 'execute',
        portal: values[0] ?? '',
        maxRows: body.length >= end + 4 ? body.readInt32BE(end) : 0,
      };
    }
    case 'D':
    case 'C': {
      const target = body[0] === 0x50 ? 'P' : 'S';
      const name = cstrings(body.subarray(1), 1).values[0] ?? '';
      return { kind: type === 0x44 ? 'describe' : 'close', target, name };
    }
    case 'S':
      return { kind: 'sync' };
    case 'H':
      return { kind: 'flush' };
    case 'X':
      return { kind: 'terminate' };
    case 'd':
      return { kind: 'copy-data', bytes: body.length };
    case 'c':
      return { kind: 'copy-done' };
    case 'f':
      return { kind: 'copy-fail', message: cstrings(body, 1).values[0] ?? '' };
    case 'F':
      return { kind: 'function-call' };
    default:
      return { kind: 'other', type: String.fromCharCode(type) };
  }
}
