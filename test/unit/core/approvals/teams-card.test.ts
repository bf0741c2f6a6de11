import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { decidedOutcome, expiredOutcome } from '../../../../core/approvals/outcome.js';
import {
  approvalOutcomeCard,
  approvalRequestCard,
  CARD_STATEMENT_CHARS,
  escapeMarkdown,
} from '../../../../core/approvals/teams-card.js';
import { approvalRequest, decision } from '../../functions/approvals/fixtures.js';
import { adaptiveCard15Schema, teamsMessageSchema } from './adaptive-card-schema.js';

const ajv = new Ajv({ allErrors: true, strict: true });
const validateCard = ajv.compile(adaptiveCard15Schema);
const validateMessage = ajv.compile(teamsMessageSchema);
const links = {
  review: 'https://func.example.net/api/approvals/apr-1/review',
  approve: 'https://func.example.net/api/approvals/apr-1/review?intent=approve',
  deny: 'https://func.example.net/api/approvals/apr-1/review?intent=deny',
};

function valid(message: unknown) {
  const okMessage = validateMessage(message);
  const content = (message as { attachments: Array<{ content: unknown }> }).attachments[0]!.content;
  const okCard = validateCard(content);
  return {
    ok: okMessage && okCard,
    errors: [...(validateMessage.errors ?? []), ...(validateCard.errors ?? [])],
  };
}

describe('Teams approval cards', () => {
  const r = approvalRequest({
    statement: 'SELECT * FROM patients -- [click](https://evil.example) <b>x</b>\n# heading',
  });

  it('request card: Adaptive Card 1.5 in the Teams message envelope, valid against the schema', () => {
    const m = approvalRequestCard(r, links);
    expect(valid(m)).toEqual({ ok: true, errors: [] });
    expect(m.attachments[0].content.version).toBe('1.5');
  });

  it('has the facts and three Action.OpenUrl buttons to the review page', () => {
    const c = approvalRequestCard(r, links).attachments[0].content;
    const facts = (
      c.body.find((b) => b.type === 'FactSet')!.facts as Array<{ title: string; value: string }>
    ).map((f) => f.title);
    expect(facts).toEqual(['Agent', 'Resource', 'Rule', 'Reason', 'Scope', 'Expires', 'Approval']);
    expect(c.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Approve', url: links.approve, style: 'positive' },
      { type: 'Action.OpenUrl', title: 'Deny', url: links.deny, style: 'destructive' },
      { type: 'Action.OpenUrl', title: 'Details', url: links.review },
    ]);
    // The statement is a TextRun: never rendered as markdown, so a link in it stays text.
    expect(JSON.stringify(c)).toContain(
      '"type":"TextRun","text":"SELECT * FROM patients -- [click](https://evil.example)',
    );
  });

  it('truncates long statements on the card and can omit them', () => {
    const long = approvalRequest({ statement: `SELECT ${'x, '.repeat(2000)}1` });
    const text = JSON.stringify(approvalRequestCard(long, links));
    expect(text).not.toContain('x, '.repeat(CARD_STATEMENT_CHARS));
    expect(valid(approvalRequestCard(long, links)).ok).toBe(true);
    const omitted = approvalRequestCard(r, links, 'omitted');
    expect(JSON.stringify(omitted)).not.toContain('patients');
    expect(valid(omitted).ok).toBe(true);
  });

  it('follow-up cards for approved, denied and expired are valid and say who and when', () => {
    const approved = approvalOutcomeCard(
      r,
      decidedOutcome(
        r,
        { ok: true, decision: decision(), action: 'approve', scope: r.scope },
        '2026-11-28T10:01:00.000Z',
        [],
      ),
      links.review,
    );
    const denied = approvalOutcomeCard(
      r,
      decidedOutcome(
        r,
        { ok: true, decision: decision({ action: 'deny' }), action: 'deny' },
        '2026-11-28T10:01:00.000Z',
        [],
      ),
      links.review,
    );
    const expired = approvalOutcomeCard(r, expiredOutcome(r, r.expiresAt, []), links.review);
    for (const m of [approved, denied, expired]) expect(valid(m)).toEqual({ ok: true, errors: [] });
    expect(JSON.stringify(approved)).toContain('Approved by Name of user-oid-alice');
    expect(JSON.stringify(approved)).toContain('Grant valid until');
    expect(JSON.stringify(approved)).toContain('this statement once, until 2026-11-28T10:11:00.000Z');
    expect(JSON.stringify(denied)).toContain('Denied by');
    expect(JSON.stringify(expired)).toContain('Expired without a decision');
  });

  it('the follow-up card of a window says which scope was granted; the pattern stays off Teams when statements do', () => {
    const pattern = 'UPDATE patients SET phone = * WHERE patient_id = *';
    const outcome = decidedOutcome(
      r,
      {
        ok: true,
        decision: decision(),
        action: 'approve',
        scope: { kind: 'window', windowMs: 5_400_000, statementPattern: pattern },
      },
      '2026-11-28T10:01:00.000Z',
      [],
    );
    const card = approvalOutcomeCard(r, outcome, links.review);
    expect(valid(card)).toEqual({ ok: true, errors: [] });
    const facts = (card.attachments[0].content.body[1] as { facts: Array<{ title: string; value: string }> })
      .facts;
    expect(facts.find((f) => f.title === 'Granted')?.value).toBe(
      `a window of 1 h 30 min, until 2026-11-28T11:31:00.000Z, for statements matching "${pattern}"`,
    );
    const omitted = JSON.stringify(approvalOutcomeCard(r, outcome, links.review, 'omitted'));
    expect(omitted).toContain('a window of 1 h 30 min');
    expect(omitted).not.toContain('patients');
  });

  it('the schema is not a rubber stamp: it rejects what 1.5 does not allow', () => {
    const base = approvalRequestCard(r, links);
    const mutate = (f: (c: Record<string, unknown>) => void) => {
      const m = structuredClone(base) as unknown as {
        attachments: Array<{ content: Record<string, unknown> }>;
      };
      f(m.attachments[0]!.content);
      return m;
    };
    expect(valid(mutate((c) => delete c.version)).ok).toBe(false);
    expect(valid(mutate((c) => (c.version = '1.6'))).ok).toBe(false);
    expect(valid(mutate((c) => (c.msteams = { width: 'Full' }))).ok).toBe(false);
    expect(
      valid(mutate((c) => ((c.actions as object[])[0] = { type: 'Action.OpenUrl', title: 'x' }))).ok,
    ).toBe(false);
    expect(
      valid(mutate((c) => ((c.actions as object[])[0] = { type: 'Action.Submit', title: 'x' }))).ok,
    ).toBe(false);
    expect(
      valid(mutate((c) => ((c.body as object[])[0] = { type: 'TextBlock', text: 'x', size: 'huge' }))).ok,
    ).toBe(false);
    expect(
      valid(mutate((c) => ((c.body as object[])[2] = { type: 'FactSet', facts: [{ title: 'a' }] }))).ok,
    ).toBe(false);
    expect(valid(mutate((c) => ((c.body as object[])[0] = { type: 'Input.Text', id: 'x' }))).ok).toBe(false);
    expect(
      validateMessage({ type: 'message', attachments: [{ contentType: 'text/html', content: {} }] }),
    ).toBe(false);
  });

  it('escapes markdown that could turn a fact into a link or a heading', () => {
    expect(escapeMarkdown('[a](http://x) <b>')).toBe('\\[a\\](http://x) \\<b\\>');
    expect(escapeMarkdown('# title\n- item\n1. one')).toBe('\\# title\n\\- item\n1\\. one');
    expect(escapeMarkdown('demo-agent')).toBe('demo-agent');
  });
});
