import { z } from 'zod';

/** The `audit` section of the phigate config. */
export const auditSchema = z.strictObject({}).prefault({});
