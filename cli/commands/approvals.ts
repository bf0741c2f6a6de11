/**
 * `phigate approvals list | approve ID | deny ID --as NAME [--data-dir DIR]`: the terminal
 * side of local approvals. Talks over HTTP to the running `phigate dev` (its base URL is in
 * `<data-dir>/dev/http.url`). The same rules hold as on the review page: `--as` must not be
 * the requesting agent, and a decided or expired approval stays as it is.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const APPROVALS_USAGE = `usage: phigate approvals list [--data-dir DIR] [--json]
       phigate approvals approve ID --as NAME [--comment TEXT] [--data-dir DIR]
       phigate approvals deny ID --as NAME [--comment TEXT] [--data-dir DIR]

Lists and decides the approvals of a running \`phigate dev\` (local mode only).

  --as NAME        who decides (dev identity; never the requesting agent)
  --comment TEXT   optional note recorded with the decision
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
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const doc = (await res.json().catch(() => undefined)) as
      | { state?: string; approver?: { name: string }; decidedAt?: string }
      | undefined;
    if (!res.ok) return fail(io, res.status, doc);
    io.stdout(
      `${id} ${doc?.state ?? 'decided'} by ${doc?.approver?.name ?? args.values.as} at ${doc?.decidedAt ?? '?'}\n`,
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
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
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
