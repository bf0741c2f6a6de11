import type { TeamsMessage } from '../../core/approvals/teams-card.js';

/**
 * Posts approval cards to a webhook in the background (the local workflow never waits on Teams)
 * and keeps the posts in flight so tests and shutdown can wait for them. The URL is a secret in
 * Azure and is never logged; failures only leave the approval marked as not notified.
 */
export class CardPoster {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly url: string | undefined,
    private readonly doFetch: typeof fetch = fetch,
  ) {}

  post(card: TeamsMessage, onPosted?: () => void): void {
    if (!this.url) return;
    const p = this.doFetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(card),
      signal: AbortSignal.timeout(5_000),
      redirect: 'error',
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.ok) onPosted?.();
      })
      .catch(() => undefined)
      .finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }

  async settled(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }
}
