// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is azd, Bicep or Dockerfile syntax, not a template
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { memberChains } from './lib/bicep-outline.js';
import { isIgnored, parseDockerignore } from './lib/dockerignore.js';
import { loadDeploymentFiles, outlines, REPO_ROOT } from './lib/infra-files.js';

interface AzureYaml {
  name: string;
  infra: { provider: string; path: string; module: string };
  services: Record<
    string,
    {
      project: string;
      language: string;
      host: string;
      docker?: { path: string; context?: string; remoteBuild?: boolean };
    }
  >;
  hooks?: Record<string, Record<'posix' | 'windows', { shell: string; run: string }>>;
}

const files = loadDeploymentFiles();
const doc = parse(files.get('azure.yaml')!, { uniqueKeys: true }) as AzureYaml;
const main = outlines(files).get('infra/main.bicep')!;

/** Resource type each azd host deploys to. */
const HOST_RESOURCE: Record<string, string> = {
  containerapp: 'Microsoft.App/containerApps',
  function: 'Microsoft.Web/sites',
};

/** azd-service-name tags set in the Bicep tree: service name -> files and resource types. */
function serviceTags(): Map<string, { file: string; types: string[] }> {
  const out = new Map<string, { file: string; types: string[] }>();
  for (const [file, o] of outlines(files)) {
    const text = files.get(file)!;
    for (const m of text.matchAll(/'azd-service-name': '([^']+)'/g)) {
      out.set(m[1]!, {
        file,
        types: o.resources.filter((r) => !r.existing).map((r) => r.type.split('@')[0]!),
      });
    }
  }
  return out;
}

describe('azure.yaml', () => {
  it('points azd at infra/main.bicep', () => {
    expect(doc.name).toBe('phigate');
    expect(doc.infra).toEqual({ provider: 'bicep', path: 'infra', module: 'main' });
    expect(files.has(`${doc.infra.path}/${doc.infra.module}.bicep`)).toBe(true);
    expect(files.has(`${doc.infra.path}/${doc.infra.module}.parameters.json`)).toBe(true);
  });

  it('declares the proxy as a container app built from the Dockerfile', () => {
    const proxy = doc.services.proxy!;
    expect(proxy).toMatchObject({ host: 'containerapp', language: 'ts' });
    expect(statSync(join(REPO_ROOT, proxy.project)).isDirectory()).toBe(true);
    const dockerfile = posix.join(proxy.project, proxy.docker!.path);
    expect(existsSync(join(REPO_ROOT, dockerfile))).toBe(true);
    expect(proxy.docker!.context ?? '.').toBe('.');
    // Remote build pushes to the registry named by this output.
    expect(main.outputs.map((o) => o.name)).toContain('AZURE_CONTAINER_REGISTRY_ENDPOINT');
  });

  it('declares the control plane as a Functions app whose project azd can package', () => {
    const cp = doc.services['control-plane']!;
    expect(cp).toMatchObject({ host: 'function', language: 'ts' });
    const project = join(REPO_ROOT, cp.project);
    // The Functions host needs host.json at the package root and package.json `main` (v4 model).
    expect(existsSync(join(project, 'host.json')), 'host.json at the control-plane project root').toBe(true);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
      main?: string;
      scripts?: object;
    };
    expect(pkg.scripts).toHaveProperty('build');
    expect(pkg.main, 'package.json "main" names the compiled Functions entry (dist/functions/...)').toMatch(
      /^dist\/functions\//,
    );
    expect(existsSync(join(REPO_ROOT, 'functions', 'index.ts'))).toBe(true);
  });

  it('keeps azd environments, dev state and local settings out of the Functions package (.funcignore)', () => {
    const cp = doc.services['control-plane']!;
    const funcignore = join(REPO_ROOT, cp.project, '.funcignore');
    expect(existsSync(funcignore), '.funcignore at the control-plane project root').toBe(true);
    const rules = parseDockerignore(readFileSync(funcignore, 'utf8'));
    for (const secret of [
      '.azure/prod/.env',
      '.phigate/dev/agent.token',
      'local.settings.json',
      '.git/config',
    ]) {
      expect(isIgnored(rules, secret), secret).toBe(true);
    }
    for (const needed of [
      'host.json',
      'package.json',
      'package-lock.json',
      'functions/index.ts',
      'core/errors.ts',
    ]) {
      expect(isIgnored(rules, needed), needed).toBe(false);
    }
  });

  it('has a Bicep resource tagged for each service, of the type its host deploys to', () => {
    const tags = serviceTags();
    expect([...tags.keys()].sort()).toEqual(Object.keys(doc.services).sort());
    for (const [name, svc] of Object.entries(doc.services)) {
      expect(tags.get(name)!.types, `${name} (${svc.host})`).toContain(HOST_RESOURCE[svc.host]);
    }
  });

  it('has outputs named as azd expects for each service, and the resource-exists flag for the container app', () => {
    const outputs = main.outputs.map((o) => o.name);
    for (const name of Object.keys(doc.services)) {
      expect(outputs).toContain(`SERVICE_${name.toUpperCase().replace(/-/g, '_')}_NAME`);
    }
    const params = files.get('infra/main.parameters.json')!;
    expect(params).toContain('${SERVICE_PROXY_RESOURCE_EXISTS=false}');
    expect(memberChains(main.tokens, 'proxyImage').map((c) => c.path.join('.'))).toContain(
      'outputs.containers',
    );
  });

  it('runs hooks that exist, with node on both shells', () => {
    const pre = doc.hooks?.preprovision;
    expect(pre).toBeDefined();
    for (const shell of ['posix', 'windows'] as const) {
      const run = pre![shell].run;
      const m = /^node (\S+\.mjs)$/.exec(run);
      expect(m, `${shell}: ${run}`).not.toBeNull();
      expect(existsSync(join(REPO_ROOT, m![1]!))).toBe(true);
    }
  });
});
