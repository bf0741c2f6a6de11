import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureContext, rootCertificates, TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigFile, parseConfig } from '../../../core/config/load.js';
import { generateSelfSignedTlsPair } from '../../../infra/hooks/self-signed-tls.mjs';
import { objectEntries } from './lib/bicep-outline.js';
import { loadDeploymentFiles, outlines, REPO_ROOT } from './lib/infra-files.js';

const files = loadDeploymentFiles();
const TEMPLATE = 'infra/config/phigate.azure.yaml';
const template = files.get(TEMPLATE)!;
const proxyBicep = files.get('infra/app/proxy.bicep')!;
const dir = mkdtempSync(join(tmpdir(), 'phigate-infra-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The __TOKEN__ -> value object main.bicep passes to app/secrets.bicep. */
function tokenKeysInMain(): string[] {
  const main = outlines(files).get('infra/main.bicep')!;
  const secrets = main.modules.find((m) => m.path === 'app/secrets.bicep')!;
  const tokens = secrets.params.find((p) => p.key === 'proxyConfigTokens')!;
  return objectEntries(tokens.value, 0).map((e) => e.key);
}

const SAMPLE: Record<string, string> = {
  __TENANT_ID__: '11111111-2222-3333-4444-555555555555',
  __AGENT_AUDIENCE__: 'api://phigate-agents',
  __UPSTREAM_HOST__: 'pgsql-abcdefghij123.postgres.database.azure.com',
  __UPSTREAM_DATABASE__: 'ehr',
  __UPSTREAM_USER__: 'id-proxy-abcdefghij123',
  __PROXY_CLIENT_ID__: '66666666-7777-8888-9999-000000000000',
  __ENVIRONMENT_NAME__: 'dev',
  __CONTROL_PLANE_URL__: 'https://func-control-plane-abcdefghij123.azurewebsites.net',
  __CONTROL_PLANE_CLIENT_ID__: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
};

/** What main.bicep does: replace(text, token, value) for every token. */
const render = (values: Record<string, string>) =>
  Object.entries(values).reduce((text, [token, value]) => text.split(token).join(value), template);

function writeRendered(name: string, values: Record<string, string>): string {
  const file = join(dir, name);
  writeFileSync(file, render(values));
  return file;
}

/** `env: 'NAME'` entries of a var in proxy.bicep (e.g. secretEnv). */
const envNamesInProxy = () => [...proxyBicep.matchAll(/env: '([A-Z_]+)'/g)].map((m) => m[1]);

describe('the proxy configuration the infrastructure deploys', () => {
  it('has exactly the tokens main.bicep fills in', () => {
    const inTemplate = [...new Set(template.match(/__[A-Z_]+__/g))].sort();
    expect(inTemplate).toEqual(tokenKeysInMain().sort());
    expect(Object.keys(SAMPLE).sort()).toEqual(inTemplate);
  });

  it('renders to a configuration the real schema accepts', () => {
    const config = loadConfigFile(writeRendered('phigate.yaml', SAMPLE));
    expect(config.mode).toBe('production');
    expect(config.listen.pg).toEqual({ host: '0.0.0.0', port: 6432 });
    expect(config.listen.http).toEqual({ host: '0.0.0.0', port: 7071 });
    expect(config.tls.allowInsecureLoopback).toBe(false);
    expect(config.identity.issuer).toBe(`https://login.microsoftonline.com/${SAMPLE.__TENANT_ID__}/v2.0`);
    expect(config.identity.audience).toBe(SAMPLE.__AGENT_AUDIENCE__);
    const ehr = config.resources[0]!;
    expect(ehr.upstream.auth).toEqual({
      type: 'entra',
      user: SAMPLE.__UPSTREAM_USER__,
      clientId: SAMPLE.__PROXY_CLIENT_ID__,
    });
    expect(ehr.upstream.tls.mode).toBe('verify-full');
  });

  it('refers to the files and variables the Container App provides', () => {
    const doc = parse(render(SAMPLE)) as {
      tls: { certFile: string; keyFile: string };
      masking: { pseudonymKey: { source: string; name: string } };
      approvals: { backend: { functionKeyEnv: string; managedIdentityScope: string } };
    };
    // Secret files mounted at /config (proxy.bicep secretFiles).
    expect(proxyBicep).toContain("{ volumeName: 'config', mountPath: '/config' }");
    for (const path of [doc.tls.certFile, doc.tls.keyFile]) {
      const file = path.replace(/^\/config\//, '');
      expect(proxyBicep, path).toMatch(new RegExp(`path: '${file.replace('.', '\\.')}' \\}`));
    }
    // Secret environment variables (proxy.bicep secretEnv).
    expect(envNamesInProxy()).toEqual(
      expect.arrayContaining([doc.masking.pseudonymKey.name, doc.approvals.backend.functionKeyEnv]),
    );
    expect(doc.masking.pseudonymKey.source).toBe('env');
    expect(doc.approvals.backend.managedIdentityScope).toBe(
      `api://${SAMPLE.__CONTROL_PLANE_CLIENT_ID__}/.default`,
    );
    // The Dockerfile's CMD reads /config/phigate.yaml, the mounted name of the config secret.
    expect(proxyBicep).toContain("{ secret: 'phigate-config', path: 'phigate.yaml' }");
  });

  it('fails closed with the path named when no upstream is known (demo off, no config of your own)', () => {
    const text = render({ ...SAMPLE, __UPSTREAM_HOST__: '' });
    expect(() => parseConfig(parse(text))).toThrow(/resources\.0\.upstream\.host/);
  });

  it('is accepted by the image entry point, `phigate serve --config FILE --check`', () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const run = (file: string) =>
      spawnSync(process.execPath, [tsx, 'cli/main.ts', 'serve', '--config', file, '--check'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const good = run(writeRendered('good.yaml', SAMPLE));
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('is valid');
    const bad = run(writeRendered('bad.yaml', { ...SAMPLE, __UPSTREAM_HOST__: '' }));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('resources.0.upstream.host');
  });

  it('serves TLS from the mounted certificate files the way the gateway loads them', async () => {
    const pair = await generateSelfSignedTlsPair('phigate-test');
    const mount = join(dir, 'config');
    mkdirSync(mount, { recursive: true });
    const config = loadConfigFile(writeRendered('tls.yaml', SAMPLE));
    const local = (p: string | undefined) => join(mount, p!.replace(/^\/config\//, ''));
    writeFileSync(local(config.tls.certFile), pair.certPem);
    writeFileSync(local(config.tls.keyFile), pair.keyPem);
    // proxy/gateway.ts: createSecureContext({ cert, key, minVersion }) from certFile / keyFile.
    const secureContext = createSecureContext({
      cert: readFileSync(local(config.tls.certFile), 'utf8'),
      key: readFileSync(local(config.tls.keyFile), 'utf8'),
      minVersion: config.tls.minVersion,
    });
    // proxy/pg/session/startup.ts: new TLSSocket(socket, { isServer: true, secureContext }).
    const server = createNetServer((raw) => {
      const secure = new TLSSocket(raw, { isServer: true, secureContext });
      secure.on('secure', () => secure.end('ok'));
      secure.on('error', () => raw.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const socket: TLSSocket = await new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port, servername: 'phigate-test', ca: pair.certPem }, () =>
          resolve(s),
        );
        s.once('error', reject);
      });
      expect(socket.authorized).toBe(true);
      expect(['TLSv1.2', 'TLSv1.3']).toContain(socket.getProtocol());
      expect(new X509Certificate(socket.getPeerX509Certificate()!.raw).subject).toContain('CN=phigate-test');
      socket.destroy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('can verify Azure Database for PostgreSQL (verify-full, no caFile) with the roots Node ships', () => {
    const roots = rootCertificates.map((pem) => new X509Certificate(pem).subject);
    expect(roots.some((s) => s.includes('CN=DigiCert Global Root G2'))).toBe(true);
    expect(roots.some((s) => s.includes('CN=Microsoft RSA Root Certificate Authority 2017'))).toBe(true);
  });
});
