/** The audit contract's version tag: every record carries it in `schema`. */
export const AUDIT_SCHEMA = 'phigate.audit/v1' as const;

/** The `prev` / `lprev` of the first record of a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Chains other than sessions. A session's chain id is its session id; these names are
 * reserved and never used as session ids.
 */
export const SYSTEM_CHAIN = {
  /** Writer lifecycle, log segments (checkpoints), outages, recovery, retention. */
  log: 'log',
  /** Approval events that arrive outside any session (decisions, expiries). */
  approvals: 'approvals',
} as const;
export type SystemChain = (typeof SYSTEM_CHAIN)[keyof typeof SYSTEM_CHAIN];

export const isSystemChain = (chain: string): chain is SystemChain =>
  chain === SYSTEM_CHAIN.log || chain === SYSTEM_CHAIN.approvals;

/** Session ids: 1..64 characters of letters, digits, `-`, `_` (and never a system chain name). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isValidSessionId = (id: string): boolean => SESSION_ID_PATTERN.test(id) && !isSystemChain(id);
