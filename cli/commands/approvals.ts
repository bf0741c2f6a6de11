/**
 * `phigate approvals list | approve ID [--window 30m [--pattern P]] | deny ID --as NAME`: the
 * terminal side of local approvals. Talks over HTTP to the running `phigate dev` (its base URL is
 * in `<data-dir>/dev/http.url`). The same rules hold as on the review page: `--as` must not be
 * the requesting agent, a window must fit the maximum and its pattern must match the statement,
 * and a decided or expired approval stays as it is.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { grantLabel } from '../../core/approvals/scope-label.js';
import type { Grant } from '../../core/approvals/status.js';

export const APPROVALS_USAGE = `usage: phigate approvals list [--data-dir DIR] [--json]
       phigate approvals approve ID --as NAME [--window DURATION [--pattern TEXT]] [--comment TEXT] [--data-dir DIR]
       phigate approvals deny ID --as NAME [--comment TEXT] [--data-dir DIR]

Lists and decides the approvals of a running \`phigate dev\` (local mode only).

  --as NAME           who decides (dev identity; never the requesting agent)
  --window DURATION   approve a window for a batch job instead of this statement once:
                      30m, 2h, 1h30m (whole minutes, at most the configured maximum)
  --pattern TEXT      the window's statement pattern (default: the statement with each
                      literal value replaced by *); * stands for exactly one value
  --comment TEXT      optional note recorded with the decision
  --data-dir DIR   the data dir of \`phigate dev\` (default .phigate)
  --json           list as JSON
`;

export interface ApprovalsIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly fetch?: typeof fetch;
}

const processIo: ApprovalsIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface ListedApproval {
  approvalId: string;
  state: string;
  agentId: string;
  resource: string;
  ruleId: string;
  requestedAt: string;
  expiresAt: string;
  approver?: { id: string; name: string };
  decidedAt?: string;
}

export async function approvalsCommand(argv: string[], io: ApprovalsIo = processIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr(
      `phigate approvals: ${error instanceof Error ? error.message : 'bad arguments'}\n\n${APPROVALS_USAGE}`,
    );
    return EXIT.usage;
  }
  if (args.values.help) {
    io.stdout(APPROVALS_USAGE);
    return EXIT.ok;
  }
  const [sub, id, ...extra] = args.positionals;
  if (
    !sub ||
    extra.length > 0 ||
    (sub === 'list' && id) ||
    (sub !== 'list' && sub !== 'approve' && sub !== 'deny')
  ) {
    io.stderr(`phigate approvals: expected list, approve ID or deny ID\n\n${APPROVALS_USAGE}`);
    return EXIT.usage;
  }
  if (sub !== 'list' && (!id || !args.values.as)) {
    io.stderr(`phigate approvals ${sub}: needs an approval id and --as NAME\n\n${APPROVALS_USAGE}`);
    return EXIT.usage;
  }
  const { window: windowArg, pattern } = args.values;
  if ((windowArg !== undefined || pattern !== undefined) && sub !== 'approve') {
    io.stderr(`phigate approvals ${sub}: --window and --pattern go with approve only\n\n${APPROVALS_USAGE}`);
    return EXIT.usage;
  }
  if (pattern !== undefined && windowArg === undefined) {
    io.stderr(`phigate approvals approve: --pattern needs --window DURATION\n\n${APPROVALS_USAGE}`);
    return EXIT.usage;
  }
  const minutes = windowArg === undefined ? undefined : parseDurationMinutes(windowArg);
  if (windowArg !== undefined && minutes === undefined) {
    io.stderr(
      `phigate approvals approve: --window must be whole minutes such as 30m, 2h or 1h30m\n\n${APPROVALS_USAGE}`,
    );
    return EXIT.usage;
  }
  const dataDir = resolve(args.values['data-dir'] ?? '.phigate');
  let base: string;
  try {
    base = readFileSync(join(dataDir, 'dev', 'http.url'), 'utf8')
      .trim()
      .replace(/\/+$/, '');
    new URL(base);
  } catch {
    io.stderr(
      `phigate approvals: no running phigate dev found (${join(dataDir, 'dev', 'http.url')} is missing or invalid)\n`,
    );
    return EXIT.failed;
  }
  const doFetch = io.fetch ?? fetch;
  try {
    if (sub === 'list') {
      const res = await doFetch(`${base}/approvals/api/list`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) return fail(io, res.status, await res.json().catch(() => undefined));
      const list = (await res.json()) as ListedApproval[];
      io.stdout(args.values.json ? `${JSON.stringify(list, null, 2)}\n` : table(list));
      return EXIT.ok;
    }
    const res = await doFetch(`${base}/approvals/api/${encodeURIComponent(id!)}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-phigate-dev': '1' },
      body: JSON.stringify({
        action: sub,
        as: args.values.as,
        ...(args.values.comment ? { comment: args.values.comment } : {}),
        ...(minutes !== undefined
          ? { window: { minutes, ...(pattern !== undefined ? { pattern } : {}) } }
          : {}),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const doc = (await res.json().catch(() => undefined)) as
      | { state?: string; approver?: { name: string }; decidedAt?: string; grant?: Grant }
      | undefined;
    if (!res.ok) return fail(io, res.status, doc);
    const granted = doc?.grant ? `; granted ${grantLabel(doc.grant)}` : '';
    io.stdout(
      `${id} ${doc?.state ?? 'decided'} by ${doc?.approver?.name ?? args.values.as} at ${doc?.decidedAt ?? '?'}${granted}\n`,
    );
    return EXIT.ok;
  } catch {
    io.stderr(`phigate approvals: cannot reach phigate dev at ${base}\n`);
    return EXIT.failed;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      as: { type: 'string' },
      comment: { type: 'string' },
      window: { type: 'string' },
      pattern: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** `30m`, `2h`, `1h30m`, `90m` → minutes; undefined unless a positive whole number of minutes. */
export function parseDurationMinutes(text: string): number | undefined {
  const m = /^(?:(\d{1,4})h)?(?:(\d{1,6})m)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  return minutes >= 1 ? minutes : undefined;
}

function fail(io: ApprovalsIo, status: number, doc: unknown): number {
  const d = doc as { code?: string; detail?: string } | undefined;
  io.stderr(
    `phigate approvals: refused (${status}${d?.code ? ` ${d.code}` : ''}): ${d?.detail ?? 'request failed'}\n`,
  );
  return EXIT.failed;
}

function table(list: ListedApproval[]): string {
  if (list.length === 0) return 'no approvals\n';
  const rows = list.map((a) => [
    a.approvalId,
    a.state,
    a.agentId,
    a.resource,
    a.ruleId,
    a.state === 'pending'
      ? `expires ${a.expiresAt}`
      : a.approver
        ? `${a.approver.name} ${a.decidedAt ?? ''}`
        : (a.decidedAt ?? ''),
  ]);
  const head = ['APPROVAL', 'STATE', 'AGENT', 'RESOURCE', 'RULE', 'DECISION'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `${r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return line(head) + rows.map(line).join('');
}
