/**
 * A Dockerfile reader: comments, line continuations, parser directives, instructions with their
 * flags (`--from=build`), exec-form (JSON) and shell-form arguments, and build stages.
 */

export interface Instruction {
  readonly keyword: string;
  /** Flags written before the arguments, e.g. { from: 'build', chown: 'node:node' }. */
  readonly flags: Readonly<Record<string, string>>;
  /** Raw argument text after the flags. */
  readonly args: string;
  /** Parsed JSON array for exec form (CMD ["node", ...]); undefined for shell form. */
  readonly exec?: readonly string[];
  readonly line: number;
}

export interface Stage {
  readonly base: string;
  readonly name: string | undefined;
  readonly index: number;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly globalArgs: readonly Instruction[];
  readonly stages: readonly Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  const instructions: Instruction[] = [];
  let buffer = '';
  let startLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (!buffer && (trimmed === '' || trimmed.startsWith('#'))) continue; // comments and directives
    if (buffer && (trimmed === '' || trimmed.startsWith('#'))) continue; // blank/comment lines inside a continuation
    if (!buffer) startLine = i + 1;
    if (trimmed.endsWith('\\')) {
      buffer += `${trimmed.slice(0, -1)} `;
      continue;
    }
    buffer += trimmed;
    instructions.push(parseInstruction(buffer, startLine));
    buffer = '';
  }
  if (buffer) throw new Error(`Dockerfile:${startLine}: line continuation at end of file`);

  const globalArgs: Instruction[] = [];
  const stages: { base: string; name: string | undefined; index: number; instructions: Instruction[] }[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`Dockerfile:${ins.line}: unreadable FROM ${ins.args}`);
      stages.push({ base: m[1]!, name: m[2]?.toLowerCase(), index: stages.length, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG')
        throw new Error(`Dockerfile:${ins.line}: ${ins.keyword} before the first FROM`);
      globalArgs.push(ins);
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

function parseInstruction(text: string, line: number): Instruction {
  const m = /^([A-Za-z]+)\s*(.*)$/s.exec(text);
  if (!m) throw new Error(`Dockerfile:${line}: unreadable instruction`);
  const keyword = m[1]!.toUpperCase();
  let rest = m[2]!.trim();
  const flags: Record<string, string> = {};
  // HEALTHCHECK and RUN/COPY/ADD take --flags before their arguments.
  for (;;) {
    const f = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest);
    if (!f) break;
    flags[f[1]!] = f[2] ?? 'true';
    rest = rest.slice(f[0].length);
  }
  let exec: string[] | undefined;
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) exec = parsed as string[];
    } catch {
      exec = undefined; // shell form that happens to start with [
    }
  }
  return { keyword, flags, args: rest, line, ...(exec ? { exec } : {}) };
}

/** Sources of a COPY/ADD instruction (all arguments but the last). */
export function copySources(ins: Instruction): string[] {
  const parts = ins.exec ?? ins.args.split(/\s+/).filter(Boolean);
  return parts.slice(0, -1);
}
