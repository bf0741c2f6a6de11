import { z } from 'zod';

/** The `approvals` section of the phigate config. */
export const approvalsSchema = z.strictObject({}).prefault({});
