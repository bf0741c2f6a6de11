import { createServer, type Server } from 'node:http';
import { HttpRequest } from '@azure/functions';
import type { TeamsMessage } from '../../../../core/approvals/teams-card.js';
import type { ApprovalSettings } from '../../../../functions/approvals/settings.js';

export const SIGNING_KEY = Buffer.from('0123456789abcdef0123456789abcdef-test-key');

export function settings(over: Partial<ApprovalSettings> = {}): ApprovalSettings {
  return {
    approverGroup: 'grp-approvers',
    signingKey: SIGNING_KEY,
    teamsWebhookUrl: undefined,
    reviewBaseUrl: 'https://phigate-func.example.net',
    defaultTimeoutMs: 900_000,
    maxTimeoutMs: 3_600_000,
    decisionTokenMs: 600_000,
    maxWindowMs: 8 * 3_600_000,
    statementOnCard: 'truncated',
    proxyPrincipalIds: [],
    ...over,
  };
}

/** The header App Service authentication sets for a signed-in Entra user. */
export function clientPrincipal(p: {
  oid: string;
  name: string;
  groups?: string[];
  sub?: string;
  extra?: Array<{ typ: string; val: string }>;
}): string {
  const claims = [
    { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: p.oid },
    {
      typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
      val: p.sub ?? `sub-${p.oid}`,
    },
    { typ: 'name', val: p.name },
    { typ: 'preferred_username', val: `${p.name.toLowerCase().replace(/\s+/g, '.')}@contoso.example` },
    ...(p.groups ?? []).map((g) => ({ typ: 'groups', val: g })),
    ...(p.extra ?? []),
  ];
  return Buffer.from(
    JSON.stringify({ auth_typ: 'aad', name_typ: 'name', role_typ: 'roles', claims }),
  ).toString('base64');
}

export const ALICE = { oid: 'user-oid-alice', name: 'Alice Approver', groups: ['grp-approvers'] };
export const BOB = { oid: 'user-oid-bob', name: 'Bob Approver', groups: ['grp-approvers', 'grp-other'] };
export const MALLORY = { oid: 'user-oid-mallory', name: 'Mallory Outsider', groups: ['grp-other'] };

export function request(
  method: string,
  path: string,
  opts: { body?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
): HttpRequest {
  return new HttpRequest({
    method,
    url: `https://phigate-func.example.net${path}`,
    headers: opts.headers ?? {},
    params: opts.params ?? {},
    ...(opts.body !== undefined ? { body: { string: opts.body } } : {}),
  });
}

/** A local HTTP server standing in for the Teams Workflows webhook: keeps every posted card. */
export async function startWebhookSink(): Promise<{
  url: string;
  cards: TeamsMessage[];
  failNext: (status: number) => void;
  close: () => Promise<void>;
}> {
  const cards: TeamsMessage[] = [];
  let fail: number | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (fail) {
        res.statusCode = fail;
        fail = undefined;
        res.end();
        return;
      }
      cards.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as TeamsMessage);
      res.statusCode = 202;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}/workflows/abc/triggers/manual/paths/invoke?sig=SECRET-SIG`,
    cards,
    failNext: (s) => {
      fail = s;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export function formToken(html: string, action: 'approve' | 'window' | 'deny'): string {
  const m = new RegExp(
    `class="decide ${action}[^"]*">\\s*<input type="hidden" name="token" value="([^"]+)"`,
  ).exec(html);
  if (!m?.[1]) throw new Error(`no ${action} form on the page`);
  return m[1];
}

export async function problemOf(res: { status?: number; headers?: unknown; body?: unknown }) {
  const headers = res.headers as Record<string, string>;
  return {
    status: res.status,
    type: headers['content-type'],
    doc: JSON.parse(String(res.body)) as Record<string, unknown>,
  };
}
