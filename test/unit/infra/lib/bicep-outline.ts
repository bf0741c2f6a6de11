/**
 * The declarations of a Bicep file, read from its tokens: params (type, default, decorators),
 * vars, resources (type@apiVersion), modules (path, body, the keys and value tokens of their
 * `params` object), outputs, compile-time imports and load*Content paths. Statements that do not
 * start with a known keyword throw, so a garbled file fails loudly.
 */
import { readFileSync } from 'node:fs';
import { lexBicep, type Token, walkTokens } from './bicep-lexer.js';

export interface ParamDecl {
  readonly name: string;
  readonly type: string;
  readonly hasDefault: boolean;
  readonly nullable: boolean;
  readonly decorators: readonly string[];
  /** Values listed by @allowed([...]), when present. */
  readonly allowed?: readonly string[];
  readonly line: number;
}

export interface ObjectEntry {
  readonly key: string;
  readonly value: readonly Token[];
}

export interface ModuleDecl {
  readonly symbol: string;
  readonly path: string;
  readonly line: number;
  readonly body: readonly Token[];
  /** Entries of the body's `params: { ... }` object (empty when there is none). */
  readonly params: readonly ObjectEntry[];
}

export interface ResourceDecl {
  readonly symbol: string;
  readonly type: string;
  readonly existing: boolean;
  readonly line: number;
  /** Top-level resources: the entries of the body object (nested resources: undefined). */
  readonly body?: readonly ObjectEntry[];
}

export interface BicepOutline {
  readonly file: string;
  readonly tokens: readonly Token[];
  readonly targetScope: string | undefined;
  readonly params: readonly ParamDecl[];
  readonly vars: readonly { name: string; value: readonly Token[] }[];
  readonly modules: readonly ModuleDecl[];
  /** Every `resource` declaration, nested child resources included. */
  readonly resources: readonly ResourceDecl[];
  readonly outputs: readonly { name: string; type: string }[];
  readonly imports: readonly { names: readonly string[]; path: string }[];
  readonly loads: readonly { fn: string; path: string; line: number }[];
  readonly exportedTypes: readonly string[];
}

const KEYWORDS = new Set([
  'targetScope',
  'param',
  'var',
  'resource',
  'module',
  'output',
  'import',
  'type',
  'func',
  'metadata',
  'extension',
]);

const OPEN: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** Index of the token closing the group opened at `start`. */
export function matchGroup(tokens: readonly Token[], start: number): number {
  const open = tokens[start]?.text ?? '';
  const close = OPEN[open];
  if (!close) throw new Error(`matchGroup: token ${start} is not an opening bracket`);
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (OPEN[t.text]) depth++;
    else if (t.text === '}' || t.text === ']' || t.text === ')') depth--;
    if (depth === 0) return i;
  }
  throw new Error(`unclosed ${open} at line ${tokens[start]!.line}`);
}

/** Splits the file into top-level statements (newline-separated at bracket depth 0). */
function statements(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && OPEN[t.text]) depth++;
    if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) depth--;
    if (t.kind === 'newline' && depth === 0) {
      if (current.length) out.push(current);
      current = [];
      continue;
    }
    current.push(t);
  }
  if (current.length) out.push(current);
  return out;
}

/** Entries of the object literal whose `{` is at `start`: keys at the object's own depth. */
export function objectEntries(tokens: readonly Token[], start: number): ObjectEntry[] {
  const end = matchGroup(tokens, start);
  const entries: { key: string; from: number }[] = [];
  let depth = 0;
  for (let i = start + 1; i < end; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && OPEN[t.text]) depth++;
    else if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) depth--;
    if (depth !== 0) continue;
    const prev = tokens[i - 1]!;
    const next = tokens[i + 1];
    const startsEntry = prev.text === '{' || prev.text === ',' || prev.kind === 'newline';
    if (startsEntry && (t.kind === 'ident' || (t.kind === 'string' && t.value !== undefined))) {
      if (next?.kind === 'punct' && next.text === ':') entries.push({ key: t.value ?? t.text, from: i + 2 });
    }
  }
  return entries.map((e, idx) => {
    const until = idx + 1 < entries.length ? entries[idx + 1]!.from - 2 : end;
    const value = tokens.slice(e.from, until);
    const trailing = (t: Token | undefined) => !!t && (t.kind === 'newline' || t.text === ',');
    while (trailing(value[value.length - 1])) value.pop();
    while (value[0]?.kind === 'newline') value.shift();
    return { key: e.key, value };
  });
}

/** The body `{...}` of a resource/module statement: the last object of the statement. */
function bodyStart(stmt: readonly Token[]): number {
  let end = stmt.length - 1;
  const skipNewlines = () => {
    while (stmt[end]?.kind === 'newline') end--;
  };
  skipNewlines();
  if (stmt[end]?.text === ']') end--; // [for ...: { }]
  skipNewlines();
  if (stmt[end]?.text !== '}') return -1;
  let depth = 0;
  for (let i = end; i >= 0; i--) {
    const t = stmt[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '}' || t.text === ']' || t.text === ')') depth++;
    else if (OPEN[t.text]) depth--;
    if (depth === 0) return i;
  }
  return -1;
}

const typeText = (tokens: readonly Token[]) =>
  tokens
    .filter((t) => t.kind !== 'newline')
    .map((t) => (t.kind === 'string' ? `'${t.text}'` : t.text))
    .join(' ');

export function outlineBicep(source: string, file: string): BicepOutline {
  const tokens = lexBicep(source, file);
  const params: ParamDecl[] = [];
  const vars: { name: string; value: Token[] }[] = [];
  const modules: ModuleDecl[] = [];
  const bodies = new Map<Token, ObjectEntry[]>();
  const outputs: { name: string; type: string }[] = [];
  const imports: { names: string[]; path: string }[] = [];
  const exportedTypes: string[] = [];
  let targetScope: string | undefined;
  let pending: string[] = [];
  let pendingAllowed: string[] | undefined;

  for (const stmt of statements(tokens)) {
    // Leading decorators: @name(...) groups, possibly on the lines before the keyword.
    const decorators: string[] = pending;
    let allowed = pendingAllowed;
    pending = [];
    pendingAllowed = undefined;
    let i = 0;
    while (stmt[i]?.text === '@') {
      const name = stmt[i + 1]?.text ?? '';
      decorators.push(name);
      i += 2;
      if (stmt[i]?.text === '(') {
        const close = matchGroup(stmt, i);
        if (name === 'allowed') {
          allowed = stmt
            .slice(i, close)
            .flatMap((t) => (t.kind === 'string' && t.value !== undefined ? [t.value] : []));
        }
        i = close + 1;
      }
    }
    const kw = stmt[i];
    if (!kw) {
      pending = decorators; // decorators on their own line apply to the next statement
      pendingAllowed = allowed;
      continue;
    }
    if (kw.kind !== 'ident' || !KEYWORDS.has(kw.text)) {
      throw new Error(`${file}:${kw.line}: unexpected statement start ${JSON.stringify(kw.text)}`);
    }
    const rest = stmt.slice(i + 1);
    const name = rest[0]?.text ?? '';
    switch (kw.text) {
      case 'targetScope':
        targetScope = rest[1]?.value;
        break;
      case 'param': {
        const eq = rest.findIndex((t, k) => k > 0 && t.text === '=' && t.kind === 'punct');
        const typeTokens = rest.slice(1, eq < 0 ? undefined : eq);
        params.push({
          name,
          type: typeText(typeTokens),
          hasDefault: eq >= 0,
          nullable: typeTokens[typeTokens.length - 1]?.text === '?',
          decorators,
          ...(allowed ? { allowed } : {}),
          line: kw.line,
        });
        break;
      }
      case 'var':
        vars.push({ name, value: rest.slice(2) });
        break;
      case 'output':
        outputs.push({ name, type: rest[1]?.text ?? '' });
        break;
      case 'type':
        if (decorators.includes('export')) exportedTypes.push(name);
        break;
      case 'import': {
        const from = rest.findIndex((t) => t.kind === 'ident' && t.text === 'from');
        const path = rest[from + 1]?.value;
        if (from < 0 || path === undefined) throw new Error(`${file}:${kw.line}: unreadable import`);
        const names = rest.slice(0, from).filter((t) => t.kind === 'ident' && t.text !== 'as');
        imports.push({ names: names.map((t) => t.text), path });
        break;
      }
      case 'module': {
        const path = rest[1]?.value;
        if (path === undefined) throw new Error(`${file}:${kw.line}: module ${name} has no literal path`);
        const b = bodyStart(stmt);
        if (b < 0) throw new Error(`${file}:${kw.line}: module ${name} has no body`);
        const body = stmt.slice(b, matchGroup(stmt, b) + 1);
        const paramsEntry = objectEntries(body, 0).find((e) => e.key === 'params');
        let moduleParams: ObjectEntry[] = [];
        if (paramsEntry && paramsEntry.value[0]?.text === '{') {
          moduleParams = objectEntries(paramsEntry.value, 0);
        }
        modules.push({ symbol: name, path, line: kw.line, body, params: moduleParams });
        break;
      }
      case 'resource': {
        const b = bodyStart(stmt);
        if (b >= 0) bodies.set(kw, objectEntries(stmt, b));
        break;
      }
      default:
        break;
    }
  }

  // Resources at any depth (child resources are declared inside their parent's body).
  const resources: ResourceDecl[] = [];
  const flat = tokens.filter((t) => t.kind !== 'newline');
  flat.forEach((t, k) => {
    if (t.kind !== 'ident' || t.text !== 'resource') return;
    const sym = flat[k + 1];
    const type = flat[k + 2];
    if (sym?.kind !== 'ident' || type?.kind !== 'string' || type.value === undefined) return;
    const body = bodies.get(t);
    resources.push({
      symbol: sym.text,
      type: type.value,
      existing: flat[k + 3]?.text === 'existing',
      line: t.line,
      ...(body ? { body } : {}),
    });
  });

  const loads: { fn: string; path: string; line: number }[] = [];
  const all = [...walkTokens(tokens)].filter((t) => t.kind !== 'newline');
  all.forEach((t, k) => {
    if (
      t.kind === 'ident' &&
      /^load(Json|Text|FileAsBase64|Yaml)Content$/.test(t.text) &&
      all[k + 1]?.text === '('
    ) {
      const arg = all[k + 2];
      if (arg?.kind === 'string' && arg.value !== undefined)
        loads.push({ fn: t.text, path: arg.value, line: t.line });
    }
  });

  return {
    file,
    tokens,
    targetScope,
    params,
    vars,
    modules,
    resources,
    outputs,
    imports,
    loads,
    exportedTypes,
  };
}

export function readBicepOutline(file: string): BicepOutline {
  return outlineBicep(readFileSync(file, 'utf8'), file);
}

/** `sym.prop.name` chains anywhere in the file (string interpolations included). */
export function memberChains(tokens: readonly Token[], root: string): { path: string[]; line: number }[] {
  const all = [...walkTokens(tokens)].filter((t) => t.kind !== 'newline');
  const out: { path: string[]; line: number }[] = [];
  all.forEach((t, k) => {
    if (t.kind !== 'ident' || t.text !== root) return;
    if (all[k - 1]?.text === '.' || all[k - 1]?.text === '.?') return; // a property named like root
    const path: string[] = [];
    let j = k + 1;
    while ((all[j]?.text === '.' || all[j]?.text === '.?') && all[j + 1]?.kind === 'ident') {
      path.push(all[j + 1]!.text);
      j += 2;
    }
    if (path.length) out.push({ path, line: t.line });
  });
  return out;
}
