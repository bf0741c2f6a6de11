import { z } from 'zod';
import { PHI_ENTITIES, type PhiEntity } from '../../phi/entities.js';

/** SHA-256, lowercase hex. */
export const hashHex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');

/** ISO 8601 UTC timestamp with milliseconds, as `Date#toISOString` writes it. */
export const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO 8601 UTC time with milliseconds');

export const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** SQLSTATE: five characters, digits and upper-case letters. */
export const sqlstate = z.string().regex(/^[0-9A-Z]{5}$/, 'a SQLSTATE');

export const phiEntity = z.enum(PHI_ENTITIES as unknown as [PhiEntity, ...PhiEntity[]]);

/** Short free text written by phigate (reasons, rule ids): never values from rows or parameters. */
export const label = z.string().min(1).max(1_000);
