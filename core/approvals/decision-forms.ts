import { windowsAllowed } from './grant-scope.js';
import { escapeHtml as h } from './html.js';
import type { ApprovalRequest } from './request.js';
import { durationLabel } from './scope-label.js';
import { suggestStatementPattern } from './statement-pattern.js';

/** The single-use tokens of the review page's forms (minted for the signed-in approver). */
export interface DecisionForms {
  /** Where the forms POST (same origin). */
  readonly action: string;
  /** Approve this statement once. */
  readonly approveToken: string;
  /** Approve a window; undefined when windows cannot be granted for this request. */
  readonly windowToken: string | undefined;
  readonly denyToken: string;
}

/** Durations the window form offers (minutes), cut at the control plane's maximum. */
const PRESET_MINUTES = [15, 30, 60, 120, 240, 480] as const;

export interface WindowDefaults {
  readonly pattern: string;
  readonly minutes: readonly number[];
  readonly selected: number;
}

/**
 * What the window form starts with: the requested window if the agent asked for one, else the
 * statement with its literal values replaced by `*`. Undefined when no window can be granted.
 */
export function windowDefaults(r: ApprovalRequest): WindowDefaults | undefined {
  if (!windowsAllowed(r)) return undefined;
  const max = Math.floor((r.maxWindowMs ?? 0) / 60_000);
  const requested = r.scope.kind === 'window' ? Math.round(r.scope.windowMs / 60_000) : undefined;
  const pattern = r.scope.kind === 'window' ? r.scope.statementPattern : suggestStatementPattern(r.statement);
  if (!pattern) return undefined;
  const set = new Set<number>(PRESET_MINUTES.filter((m) => m <= max));
  if (requested && requested <= max) set.add(requested);
  if (set.size === 0 || !PRESET_MINUTES.includes(max as never)) set.add(max);
  const minutes = [...set].sort((a, b) => a - b);
  const selected =
    requested && set.has(requested) ? requested : (minutes.filter((m) => m <= 60).at(-1) ?? minutes[0]!);
  return { pattern, minutes, selected };
}

/** The Decision section: Approve once, Approve a window (duration + pattern), Deny. */
export function renderDecisionForms(
  r: ApprovalRequest,
  f: DecisionForms,
  intent: 'approve' | 'deny' | undefined,
): string {
  const open = (cls: string, token: string, highlighted: boolean) =>
    `<form method="post" action="${h(f.action)}" class="decide ${cls}${highlighted ? ' intent' : ''}">
<input type="hidden" name="token" value="${h(token)}">`;
  const comment = `<label>Comment (optional) <input type="text" name="comment" maxlength="500"></label>`;
  const onceValid =
    r.scope.kind === 'once' ? ` within ${durationLabel(r.scope.validForMs)} of your approval` : '';
  const once = `${open('approve', f.approveToken, intent === 'approve')}
<p><strong>This statement once.</strong> The exact statement may run one time${onceValid}, from this agent, on this resource.</p>
${comment}
<button type="submit" name="action" value="approve">Approve once</button>
</form>`;
  const deny = `${open('deny', f.denyToken, intent === 'deny')}
<p><strong>Deny.</strong> The statement does not run.</p>
${comment}
<button type="submit" name="action" value="deny">Deny</button>
</form>`;
  const d = f.windowToken ? windowDefaults(r) : undefined;
  const window =
    f.windowToken && d
      ? `${open('window', f.windowToken, false)}
<p><strong>A window (batch job).</strong> Every statement of this agent on this resource that matches the pattern runs until the window ends, each linked to this approval.</p>
<label>Duration <select name="windowMinutes">${d.minutes
          .map(
            (m) =>
              `<option value="${m}"${m === d.selected ? ' selected' : ''}>${h(durationLabel(m * 60_000))}</option>`,
          )
          .join('')}</select></label>
<label>Statement pattern <textarea name="pattern" rows="3" maxlength="4000" required spellcheck="false">${h(d.pattern)}</textarea></label>
<p class="help"><code>*</code> stands for exactly one value (a quoted string, a number or a <code>$n</code> parameter), never for a name, a keyword or more SQL. Keywords and unquoted names ignore case; whitespace and comments do not count. The pattern must match the statement above.</p>
${comment}
<button type="submit" name="action" value="approve">Approve window</button>
</form>`
      : '';
  return `<h2>Decision</h2>
<div class="forms">${once}${window}${deny}</div>`;
}
