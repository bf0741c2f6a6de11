/**
 * The error the wire sends for a refused statement: deny ⇒ 42501 naming the rule and its reason;
 * approve ⇒ PG001 "approval required" with the rule and reason; an unparseable message ⇒ 42601
 * (what PostgreSQL itself answers for a syntax error, so drivers and agents recognise it). The
 * message never quotes the statement.
 */
import { PhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';
import type { RefusalDecision } from './decision.js';

export function decisionError(decision: RefusalDecision): PhigateError {
  const rule = `rule "${decision.ruleId}"`;
  if (decision.action === 'approve') {
    return new PhigateError(
      'APPROVAL_REQUIRED',
      `approval required by phigate policy (${rule}): ${decision.reason}`,
      {
        sqlstate: SQLSTATE.approvalRequired,
        status: 403,
        hint: 'A human reviewer must approve this statement before it runs.',
      },
    );
  }
  if (decision.ruleId === 'unparseable') {
    return new PhigateError(
      'POLICY_UNPARSEABLE',
      `statement refused by phigate policy (${rule}): ${decision.reason}`,
      {
        sqlstate: SQLSTATE.syntaxError,
        status: 400,
      },
    );
  }
  return new PhigateError(
    'POLICY_DENIED',
    `statement denied by phigate policy (${rule}): ${decision.reason}`,
    {
      sqlstate: SQLSTATE.insufficientPrivilege,
      status: 403,
    },
  );
}
