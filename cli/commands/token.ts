/**
 * `phigate token`: mints an access token from the dev issuer of a local `phigate dev` stack,
 * for demos and tests. It is a dev tool only: it refuses under PHIGATE_MODE=production and
 * when the data dir holds no dev issuer (exit 2). The token goes to stdout, nothing else does.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { devIssuerDir } from '../dev/dev-keys.js';
import { loadDevIssuer, MAX_TTL_SECONDS } from '../dev/oidc-issuer.js';

export const TOKEN_USAGE = `usage: phigate token --agent NAME [--groups a,b] [--ttl SECONDS] [--aud X] [--iss Y] [--data-dir DIR]

Mints an access token from the dev OIDC issuer of \`phigate dev\` and prints it on stdout.

  --agent NAME     agent id (sub, azp and name claims); letters, digits and . _ - @ :
  --groups a,b     comma-separated groups claim
  --ttl SECONDS    lifetime (default 3600); negative mints an already expired token
  --aud X          audience (default: the dev issuer's, "phigate")
  --iss Y          issuer (default: the dev issuer's URL as last served by \`phigate dev\`)
  --data-dir DIR   the data dir of \`phigate dev\` (default .phigate)
`;

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
const AGENT = /^[A-Za-z0-9._@:-]{1,128}$/;
const GROUP = /^[A-Za-z0-9._@:/ -]{1,128}$/;

class UsageError extends Error {}

interface TokenArgs {
  agent: string;
  groups: string[] | undefined;
  ttl: number | undefined;
  aud: string | undefined;
  iss: string | undefined;
  dataDir: string;
}

/** parseArgs reads `--ttl -60` as a flag; join a negative number to its option. */
function joinNegativeTtl(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (arg === '--ttl' && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`--ttl=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parse(argv: string[]): TokenArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: joinNegativeTtl(argv),
      allowPositionals: false,
      strict: true,
      options: {
        agent: { type: 'string' },
        groups: { type: 'string' },
        ttl: { type: 'string' },
        aud: { type: 'string' },
        iss: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const agent = values.agent as string | undefined;
  if (agent === undefined) throw new UsageError('--agent is required');
  if (!AGENT.test(agent)) throw new UsageError('--agent must be 1-128 letters, digits or . _ - @ :');
  let groups: string[] | undefined;
  if (values.groups !== undefined) {
    groups = String(values.groups)
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '');
    if (!groups.every((g) => GROUP.test(g)))
      throw new UsageError('--groups: each group is 1-128 plain characters');
  }
  let ttl: number | undefined;
  if (values.ttl !== undefined) {
    const text = String(values.ttl);
    ttl = Number(text);
    if (!/^-?\d+$/.test(text) || ttl === 0 || Math.abs(ttl) > MAX_TTL_SECONDS) {
      throw new UsageError(`--ttl must be a non-zero whole number of seconds within ±${MAX_TTL_SECONDS}`);
    }
  }
  const aud = values.aud as string | undefined;
  if (aud !== undefined && aud.trim() === '') throw new UsageError('--aud must not be empty');
  const iss = values.iss as string | undefined;
  if (iss !== undefined && iss.trim() === '') throw new UsageError('--iss must not be empty');
  return {
    agent,
    groups,
    ttl,
    aud,
    iss,
    dataDir: resolve((values['data-dir'] as string | undefined) ?? '.phigate'),
  };
}

export async function tokenCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  if (io.env.PHIGATE_MODE === 'production') {
    io.stderr(
      'phigate token: refusing to mint tokens in production (PHIGATE_MODE=production); it is a dev tool\n',
    );
    return EXIT.usage;
  }
  let args: TokenArgs | 'help';
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`phigate token: ${error.message}\n\n${TOKEN_USAGE}`);
    return EXIT.usage;
  }
  if (args === 'help') {
    io.stdout(TOKEN_USAGE);
    return EXIT.ok;
  }
  try {
    const issuer = await loadDevIssuer(args.dataDir);
    if (!issuer) {
      io.stderr(
        `phigate token: no dev issuer under ${devIssuerDir(args.dataDir)}: start \`phigate dev\` first ` +
          '(phigate token only works with the local dev stack)\n',
      );
      return EXIT.usage;
    }
    const token = await issuer.mint({
      agent: args.agent,
      ...(args.groups && { groups: args.groups }),
      ...(args.ttl !== undefined && { ttlSeconds: args.ttl }),
      ...(args.aud !== undefined && { audience: args.aud }),
      ...(args.iss !== undefined && { issuer: args.iss }),
    });
    io.stdout(`${token}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`phigate token: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
