import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TeamsMessage } from '../../core/approvals/teams-card.js';
import { json, problem, readBody } from './approvals-http-io.js';

/**
 * The local stand-in for a Teams Workflows webhook: keeps the cards posted to it (oldest dropped
 * first) and shows them as JSON, so local mode exercises the same card posting over HTTP.
 */
export function createTeamsWebhookSink(maxCards = 200) {
  const cards: TeamsMessage[] = [];

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, 256 * 1024);
    let doc: unknown;
    try {
      doc = JSON.parse(body ?? '');
    } catch {
      return problem(res, 400, 'json-invalid', 'the card is not valid JSON');
    }
    const m = doc as Partial<TeamsMessage>;
    if (
      m?.type !== 'message' ||
      !Array.isArray(m.attachments) ||
      m.attachments[0]?.contentType !== 'application/vnd.microsoft.card.adaptive'
    ) {
      return problem(res, 400, 'card-invalid', 'expected a Teams message with an Adaptive Card attachment');
    }
    cards.push(m as TeamsMessage);
    if (cards.length > maxCards) cards.splice(0, cards.length - maxCards);
    res.writeHead(202, { 'content-length': '0' });
    res.end();
  }

  const list = (res: ServerResponse) => json(res, 200, cards);

  return { cards, receive, list };
}
