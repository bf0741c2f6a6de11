import type { ApprovalRequest } from './request.js';
import { agentLabel, grantLabel, scopeLabel } from './scope-label.js';
import type { ApprovalOutcome } from './status.js';

/** The message envelope a Teams Workflows webhook accepts. */
export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [
    { readonly contentType: 'application/vnd.microsoft.card.adaptive'; readonly content: AdaptiveCard },
  ];
}

export interface AdaptiveCard {
  readonly $schema: string;
  readonly type: 'AdaptiveCard';
  readonly version: '1.5';
  readonly fallbackText: string;
  readonly body: readonly Record<string, unknown>[];
  readonly actions?: readonly Record<string, unknown>[];
}

export interface CardLinks {
  /** Review page (Details). */
  readonly review: string;
  /** Review page with the Approve intent highlighted. */
  readonly approve: string;
  /** Review page with the Deny intent highlighted. */
  readonly deny: string;
}

export const STATEMENT_ON_CARD = { truncated: 'truncated', omitted: 'omitted' } as const;
export type StatementOnCard = (typeof STATEMENT_ON_CARD)[keyof typeof STATEMENT_ON_CARD];

/** Card text is capped: Teams rejects large cards, and the review page shows the full statement. */
export const CARD_STATEMENT_CHARS = 1_000;

/**
 * The approval request card: facts and Approve / Deny / Details buttons. The buttons are
 * `Action.OpenUrl` links to the review page (incoming-webhook cards cannot submit), where the
 * signed-in approver decides. Links carry only the approval id: no token, no key.
 */
export function approvalRequestCard(
  r: ApprovalRequest,
  links: CardLinks,
  statementOnCard: StatementOnCard = 'truncated',
): TeamsMessage {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: 'Approval needed',
      style: 'heading',
      size: 'large',
      weight: 'bolder',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: `An AI agent asks to run a statement that the policy holds for a human decision.`,
      wrap: true,
      isSubtle: true,
      spacing: 'small',
    },
    {
      type: 'FactSet',
      facts: [
        fact('Agent', agentLabel(r)),
        fact('Resource', r.resource),
        fact('Rule', r.ruleId),
        fact('Reason', r.reason),
        fact('Scope', scopeLabel(r, { withPattern: statementOnCard === 'truncated' })),
        fact('Expires', r.expiresAt),
        fact('Approval', r.approvalId),
      ],
    },
  ];
  if (statementOnCard === 'truncated') {
    const text =
      r.statement.length > CARD_STATEMENT_CHARS
        ? `${r.statement.slice(0, CARD_STATEMENT_CHARS)} …`
        : r.statement;
    body.push({
      type: 'Container',
      style: 'emphasis',
      items: [
        { type: 'TextBlock', text: 'Statement', weight: 'bolder', size: 'small' },
        // A TextRun is never rendered as markdown: the statement shows literally.
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, fontType: 'monospace' }] },
      ],
    });
  } else {
    body.push({
      type: 'TextBlock',
      text: 'The statement is shown on the review page.',
      wrap: true,
      isSubtle: true,
    });
  }
  return envelope({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: `Approval needed for ${r.agent.agentId} on ${r.resource}: ${links.review}`,
    body,
    actions: [
      { type: 'Action.OpenUrl', title: 'Approve', url: links.approve, style: 'positive' },
      { type: 'Action.OpenUrl', title: 'Deny', url: links.deny, style: 'destructive' },
      { type: 'Action.OpenUrl', title: 'Details', url: links.review },
    ],
  });
}

/**
 * The follow-up card: the outcome, who decided and when, and for an approval what was granted
 * (once, or a window with its pattern unless statement text is kept off Teams).
 */
export function approvalOutcomeCard(
  r: ApprovalRequest,
  o: ApprovalOutcome,
  reviewUrl: string,
  statementOnCard: StatementOnCard = 'truncated',
): TeamsMessage {
  const headline =
    o.state === 'approved'
      ? `Approved by ${o.approver.name}`
      : o.state === 'denied'
        ? `Denied by ${o.approver.name}`
        : 'Expired without a decision';
  const facts = [fact('Agent', agentLabel(r)), fact('Resource', r.resource), fact('Rule', r.ruleId)];
  facts.push(fact(o.state === 'expired' ? 'Expired' : 'Decided', o.decidedAt));
  if (o.state === 'approved') {
    facts.push(fact('Granted', grantLabel(o.grant, { withPattern: statementOnCard === 'truncated' })));
    facts.push(fact('Grant valid until', o.grant.validUntil));
  }
  facts.push(fact('Approval', r.approvalId));
  return envelope({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: `${headline}: approval ${r.approvalId}`,
    body: [
      {
        type: 'TextBlock',
        text: escapeMarkdown(headline),
        style: 'heading',
        size: 'large',
        weight: 'bolder',
        wrap: true,
        color: o.state === 'approved' ? 'good' : o.state === 'denied' ? 'attention' : 'default',
      },
      { type: 'FactSet', facts },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Details', url: reviewUrl }],
  });
}

function envelope(content: AdaptiveCard): TeamsMessage {
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }],
  };
}

function fact(title: string, value: string) {
  return { title, value: escapeMarkdown(value) };
}

/**
 * Fact values and headings may be rendered as markdown by Teams: neutralize what could make a
 * link or change structure (brackets, angle brackets, backticks, line-start list/heading marks).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`[\]<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+-])/gm, (_m, ws: string, mark: string) => `${ws}\\${mark}`)
    .replace(/^(\s*\d+)\./gm, (_m, lead: string) => `${lead}\\.`);
}
