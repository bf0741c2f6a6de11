import type { ApprovalRequest } from './request.js';
import type { Grant } from './status.js';

/** Human labels for agents, requested scopes and granted scopes (review page, cards, CLI). */
export function agentLabel(r: ApprovalRequest): string {
  const name = r.agent.displayName;
  return name && name !== r.agent.agentId ? `${name} (${r.agent.agentId})` : r.agent.agentId;
}

/** `90 s`, `30 min`, `2 h`, `1 h 30 min`. */
export function durationLabel(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

/** What the request asked for (`withPattern: false` leaves a requested window's pattern out). */
export function scopeLabel(r: ApprovalRequest, opts: { withPattern?: boolean } = {}): string {
  if (r.scope.kind === 'once') {
    return `this statement once, within ${durationLabel(r.scope.validForMs)} of approval`;
  }
  const base = `a window of ${durationLabel(r.scope.windowMs)}`;
  return opts.withPattern === false
    ? `${base} (pattern on the review page)`
    : `${base} for statements matching "${r.scope.statementPattern}"`;
}

/**
 * What an approval granted. `withPattern: false` leaves a window's pattern out (cards whose
 * operators keep statement text off Teams).
 */
export function grantLabel(g: Grant, opts: { withPattern?: boolean } = {}): string {
  if (g.kind === 'once') return `this statement once, until ${g.validUntil}`;
  const length = durationLabel(Date.parse(g.validUntil) - Date.parse(g.validFrom));
  const base = `a window of ${length}, until ${g.validUntil}`;
  return opts.withPattern === false
    ? `${base}, for the statement pattern shown on the review page`
    : `${base}, for statements matching "${g.statementPattern}"`;
}
