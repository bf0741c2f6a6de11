import type { TeamsMessage } from '../../core/approvals/teams-card.js';

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/**
 * Posts a card to a Teams Workflows webhook. The URL is a secret (it embeds a signature): it is
 * never logged and never part of an error message.
 */
export async function postTeamsCard(
  url: string,
  message: TeamsMessage,
  opts: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<void> {
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      redirect: 'error',
    });
  } catch (error) {
    const kind = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
    throw new WebhookError(`Teams webhook request ${kind}`, undefined);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new WebhookError(`Teams webhook answered HTTP ${res.status}`, res.status);
}
