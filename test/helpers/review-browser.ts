import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

/** Headless Debian Chromium driven by playwright-core (no downloaded browsers here). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
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
  });
}

/**
 * Opens a review URL as a dev approver: the page redirects to the dev sign-in form the first time
 * in a browser context; the form is filled and submitted like a person would, then the browser
 * lands back on the review page.
 */
export async function openReviewAs(
  context: BrowserContext,
  url: string,
  name: string,
  opts: { approver?: boolean } = {},
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  if (page.url().includes('/approvals/dev/sign-in')) {
    await page.fill('input[name="name"]', name);
    await page.setChecked('input[name="approver"]', opts.approver ?? true);
    await Promise.all([page.waitForURL(url), page.click('button[type="submit"]')]);
  }
  return page;
}
