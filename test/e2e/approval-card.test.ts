import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequestInputSchema, buildApprovalRequest } from '../../core/approvals/request.js';
import { approvalRequestCard, type TeamsMessage } from '../../core/approvals/teams-card.js';
import { DEMO_REQUEST, startDevApprovals } from '../integration/approvals/dev-server.js';
import { adaptiveCard15Schema } from '../unit/core/approvals/adaptive-card-schema.js';

/**
 * The approval card rendered by the real `adaptivecards` renderer in headless Chromium (Debian
 * `chromium`, driven by playwright-core), with a screenshot under test/artifacts/; then the
 * review page of `phigate dev` used as an approver would: sign in, follow the card's Approve
 * link, click Approve.
 */
const require = createRequire(import.meta.url);
const AC_DIST = dirname(require.resolve('adaptivecards/dist/adaptivecards.min.js'));
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const CHROMIUM = '/usr/bin/chromium';

let userDataDir: string;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  userDataDir = mkdtempSync(join(tmpdir(), 'phigate-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 760, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(userDataDir, { recursive: true, force: true });
});

function demoCard(): TeamsMessage {
  const request = buildApprovalRequest(approvalRequestInputSchema.parse(DEMO_REQUEST), {
    approvalId: 'apr-5f2c0c1e9a7b4d3e8f6a1b2c3d4e5f60',
    now: new Date('2026-11-28T10:00:00.000Z'),
    defaultTimeoutMs: 900_000,
    maxTimeoutMs: 3_600_000,
    approverGroup: 'phigate-approvers',
    maxWindowMs: 8 * 3_600_000,
  });
  const review = `https://phigate-func.example.net/api/approvals/${request.approvalId}/review`;
  return approvalRequestCard(request, {
    review,
    approve: `${review}?intent=approve`,
    deny: `${review}?intent=deny`,
  });
}

describe('approval card in Chromium', () => {
  it('validates against the Adaptive Card 1.5 schema subset and renders with the adaptivecards renderer', async () => {
    const message = demoCard();
    const content = message.attachments[0].content;
    const validate = new Ajv({ allErrors: true, strict: true }).compile(adaptiveCard15Schema);
    expect(validate(content), JSON.stringify(validate.errors)).toBe(true);

    const page = await browser.newPage();
    try {
      await page.setContent(
        '<!doctype html><html><body style="margin:0;padding:16px;background:#f5f5f5"><div id="card" style="width:560px;background:#fff;border-radius:6px;box-shadow:0 1px 4px #0003"></div></body></html>',
      );
      await page.addStyleTag({ path: join(AC_DIST, 'adaptivecards.css') });
      await page.addScriptTag({ path: join(AC_DIST, 'adaptivecards.min.js') });
      const result = await page.evaluate((json) => {
        // Runs in the page (no DOM types in this project's tsconfig): the renderer's UMD global and the DOM, untyped.
        // biome-ignore lint/suspicious/noExplicitAny: see above
        const g = globalThis as any;
        const AC = g.AdaptiveCards;
        const card = new AC.AdaptiveCard();
        card.hostConfig = new AC.HostConfig({
          fontFamily: "'Segoe UI', system-ui, sans-serif",
          actions: { actionsOrientation: 'horizontal', buttonSpacing: 8, maxActions: 5 },
        });
        const ctx = new AC.SerializationContext();
        card.parse(json, ctx);
        const events: string[] = [];
        for (let i = 0; i < ctx.eventCount; i++) events.push(ctx.getEventAt(i).message);
        const failures = card
          .validateProperties()
          .validationEvents.map((e: { message: string }) => e.message);
        const el = card.render();
        g.document.getElementById('card').appendChild(el);
        return {
          events,
          failures,
          buttons: [...el.querySelectorAll('button')].map((b: { textContent: string }) =>
            b.textContent.trim(),
          ),
          // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
          text: String(el.innerText),
        };
      }, content);
      expect(result.events).toEqual([]);
      expect(result.failures).toEqual([]);
      expect(result.buttons).toEqual(['Approve', 'Deny', 'Details']);
      for (const s of [
        'Approval needed',
        'Agent',
        'Demo agent (demo-agent)',
        'Resource',
        'ehr',
        'Rule',
        'hipaa-baseline/phi-write',
        'Expires',
        "UPDATE patients SET phone = '555-0142'",
      ]) {
        expect(result.text).toContain(s);
      }
      const file = join(ARTIFACTS, 'approval-card.png');
      await page.locator('#card').screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(5_000);
    } finally {
      await page.close();
    }
  });

  it('an approver signs in to phigate dev, follows the card Approve link and approves on the review page', async () => {
    const dev = await startDevApprovals();
    const page = await browser.newPage();
    try {
      const ticket = await dev.workflow.request(DEMO_REQUEST);
      await dev.workflow.settled();
      const card = dev.handler.cards[0]!.attachments[0].content;
      const approveUrl = (card.actions as Array<{ title: string; url: string }>).find(
        (a) => a.title === 'Approve',
      )!.url;

      await page.goto(approveUrl);
      expect(page.url()).toContain('/approvals/dev/sign-in');
      await page.fill('input[name="name"]', 'alice');
      await Promise.all([page.waitForURL(approveUrl), page.click('button[type="submit"]')]);
      await expect(page.locator('pre.statement').textContent()).resolves.toBe(DEMO_REQUEST.statement);
      await page.screenshot({ path: join(ARTIFACTS, 'approval-review-page.png'), fullPage: true });
      await Promise.all([page.waitForLoadState('load'), page.click('form.approve button')]);
      await expect(page.locator('h1').textContent()).resolves.toBe('Request approved');
      expect(await dev.workflow.status(ticket.approvalId)).toMatchObject({
        state: 'approved',
        approver: { id: 'dev:alice' },
      });
      await dev.workflow.settled();
      expect(JSON.stringify(dev.handler.cards.at(-1))).toContain('Approved by alice');
    } finally {
      await page.close();
      await dev.close();
    }
  });
});
