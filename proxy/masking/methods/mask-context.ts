import type { KeyObject } from 'node:crypto';

/** The HMAC key for pseudonyms and a public id for it (recorded in audit; never the key). */
export interface PseudonymKey {
  readonly key: KeyObject;
  /** 16 hex characters derived from the key with HMAC; safe to log and record. */
  readonly id: string;
}

export interface MaskContext {
  /** Required by `pseudonymize`; without it pseudonymization fails closed. */
  readonly pseudonymKey?: PseudonymKey | undefined;
  /** Granularity of `generalize` for dates; Safe Harbor: `year` (default). */
  readonly dateGranularity?: 'year' | 'month' | undefined;
}
