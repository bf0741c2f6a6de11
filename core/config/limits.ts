import { z } from 'zod';

export const limitsSchema = z
  .strictObject({
    /** Largest frontend message accepted (bytes, including the length word). */
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(64 * 1024 * 1024),
    /** Time allowed from TCP accept to a verified identity and ReadyForQuery. */
    startupTimeoutMs: z.number().int().min(100).default(15_000),
    /** A session with no client traffic for this long is closed (0 = never). */
    idleTimeoutMs: z
      .number()
      .int()
      .min(0)
      .default(30 * 60_000),
    maxSessions: z.number().int().min(1).default(1000),
  })
  .prefault({});
