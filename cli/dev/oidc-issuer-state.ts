/**
 * Where the dev issuer was last served (`<dataDir>/dev/issuer/issuer.json`). The issuer URL
 * contains the HTTP port, so `phigate token` reads it to mint tokens whose `iss` the running
 * gateway accepts.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { devIssuerDir } from './dev-keys.js';

const stateSchema = z.strictObject({
  issuer: z.url(),
  jwksUri: z.url(),
  audience: z.string().min(1),
  updatedAt: z.string().min(1),
});

export type DevIssuerState = z.infer<typeof stateSchema>;

const stateFile = (dataDir: string) => join(devIssuerDir(dataDir), 'issuer.json');

export async function readIssuerState(dataDir: string): Promise<DevIssuerState | undefined> {
  const file = stateFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the dev issuer state ${file}`, { cause: error });
  }
  try {
    return stateSchema.parse(JSON.parse(text));
  } catch {
    throw new Error(`the dev issuer state ${file} is corrupt: start \`phigate dev\` again to rewrite it`);
  }
}

export async function writeIssuerState(dataDir: string, state: DevIssuerState): Promise<void> {
  const dir = devIssuerDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = stateFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await rename(tmp, file);
}
