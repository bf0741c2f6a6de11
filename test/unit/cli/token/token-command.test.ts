/**
 * `phigate token`: argument handling, the dev-only refusals, and tokens that a gateway
 * verifying against the dev issuer (served over real HTTP) accepts, also when minted while
 * that server is not running.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenCommand } from '../../../../cli/commands/token.js';
import { identitySchema } from '../../../../core/config/identity.js';
import { PhigateError } from '../../../../core/errors.js';
import { createTokenVerifier } from '../../../../proxy/identity/token-verifier.js';
import { startIssuerServer } from '../../../integration/identity/issuer-server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'phigate-token-'));
  dirs.push(d);
  return d;
};

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await tokenCommand(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
  });
  return { code, stdout, stderr };
}

/** A data dir where `phigate dev` ran once, serving the issuer on a port that is now closed. */
async function devDataDir(): Promise<{ dataDir: string; issuer: string }> {
  const dataDir = tempDir();
  const s = await startIssuerServer(dataDir);
  const issuer = s.issuer.issuer;
  await s.close();
  return { dataDir, issuer };
}

describe('phigate token', () => {
  it('mints a token the running gateway accepts, minted while the issuer server was down', async () => {
    const { dataDir, issuer } = await devDataDir();
    const r = await run([
      '--agent',
      'claude-code',
      '--groups',
      'phi-readers, oncall,',
      '--data-dir',
      dataDir,
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = r.stdout.trim();
    expect(decodeJwt(token)).toMatchObject({ iss: issuer, aud: 'phigate', sub: 'claude-code' });

    // `phigate dev` starts again on the same port (the issuer URL is the persisted one).
    const port = Number(new URL(issuer).port);
    const s = await startIssuerServerOn(dataDir, port);
    try {
      const v = createTokenVerifier(
        identitySchema.parse({ issuer, audience: 'phigate', jwksUri: `${issuer}/jwks` }),
      );
      await expect(v.verify(token)).resolves.toMatchObject({
        agentId: 'claude-code',
        groups: ['phi-readers', 'oncall'],
        tenantId: 'dev',
      });
      const expired = (await run(['--agent', 'a', '--ttl', '-120', '--data-dir', dataDir])).stdout.trim();
      await expect(v.verify(expired)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
      const aud = (await run(['--agent', 'a', '--aud', 'other', '--data-dir', dataDir])).stdout.trim();
      await expect(v.verify(aud)).rejects.toMatchObject({ code: 'TOKEN_WRONG_AUDIENCE' });
      const iss = (
        await run(['--agent', 'a', '--iss', 'https://elsewhere.example/v2.0', '--data-dir', dataDir])
      ).stdout.trim();
      await expect(v.verify(iss)).rejects.toBeInstanceOf(PhigateError);
      await expect(v.verify(iss)).rejects.toMatchObject({ code: 'TOKEN_WRONG_ISSUER' });
      const short = decodeJwt(
        (await run(['--agent', 'a', '--ttl', '60', '--data-dir', dataDir])).stdout.trim(),
      );
      expect((short.exp as number) - (short.iat as number)).toBe(60);
    } finally {
      await s.close();
    }
  });

  it('refuses outside dev: production mode, or no dev issuer in the data dir (exit 2)', async () => {
    const { dataDir } = await devDataDir();
    const prod = await run(['--agent', 'a', '--data-dir', dataDir], { PHIGATE_MODE: 'production' });
    expect(prod.code).toBe(2);
    expect(prod.stdout).toBe('');
    expect(prod.stderr).toMatch(/production/);
    const empty = tempDir();
    const none = await run(['--agent', 'a', '--data-dir', empty]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(join(empty, 'dev', 'issuer'));
    expect(none.stderr).toMatch(/phigate dev/);
  });

  it('usage errors: unknown flag, missing or bad values (exit 2, usage on stderr)', async () => {
    const { dataDir } = await devDataDir();
    const cases: [string[], RegExp][] = [
      [['--agent', 'a', '--bogus', '--data-dir', dataDir], /bogus/],
      [['--data-dir', dataDir], /--agent is required/],
      [['--agent', 'a b', '--data-dir', dataDir], /--agent must be/],
      [['--agent', 'a', '--ttl', '0', '--data-dir', dataDir], /--ttl/],
      [['--agent', 'a', '--ttl', '1.5', '--data-dir', dataDir], /--ttl/],
      [['--agent', 'a', '--ttl', 'soon', '--data-dir', dataDir], /--ttl/],
      [['--agent', 'a', '--ttl', '99999999', '--data-dir', dataDir], /--ttl/],
      [['--agent', 'a', '--aud', '', '--data-dir', dataDir], /--aud/],
      [['--agent', 'a', 'extra', '--data-dir', dataDir], /extra|positional/i],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('usage: phigate token');
    }
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('usage: phigate token');
  });

  it('runs as a process: token on stdout, exit codes', async () => {
    const { dataDir } = await devDataDir();
    const exec = promisify(execFile);
    const script =
      "const { tokenCommand } = await import('./cli/commands/token.ts'); process.exitCode = await tokenCommand(process.argv.slice(1));";
    const args = (argv: string[]) => ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...argv];
    const ok = await exec(process.execPath, args(['--agent', 'proc', '--data-dir', dataDir]), {
      cwd: process.cwd(),
    });
    expect(decodeJwt(ok.stdout.trim()).sub).toBe('proc');
    const bad = await exec(process.execPath, args(['--agent', 'proc', '--data-dir', tempDir()]), {
      cwd: process.cwd(),
    }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(bad?.code).toBe(2);
    expect(bad?.stdout).toBe('');
    expect(bad?.stderr).toMatch(/no dev issuer/);
  });
});

/** Serves the issuer of `dataDir` again on a given port (as a second `phigate dev` would). */
async function startIssuerServerOn(dataDir: string, port: number) {
  const { createServer } = await import('node:http');
  const { openDevIssuer } = await import('../../../../cli/dev/oidc-issuer.js');
  const issuer = await openDevIssuer({ dataDir, issuerUrl: `http://127.0.0.1:${port}/dev-issuer` });
  const server = createServer((req, res) => {
    if (!issuer.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
