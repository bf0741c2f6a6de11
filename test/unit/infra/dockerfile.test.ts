// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is azd, Bicep or Dockerfile syntax, not a template
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySources, type Instruction, parseDockerfile } from './lib/dockerfile.js';
import { isIgnored, parseDockerignore } from './lib/dockerignore.js';
import { loadDeploymentFiles, REPO_ROOT } from './lib/infra-files.js';

const files = loadDeploymentFiles();
const dockerfile = parseDockerfile(files.get('Dockerfile')!);
const ignore = parseDockerignore(files.get('.dockerignore')!);
const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;
const build = dockerfile.stages.find((s) => s.name === 'build')!;
const find = (ins: readonly Instruction[], keyword: string) => ins.filter((i) => i.keyword === keyword);

/** tsconfig with `extends` followed, as tsc resolves it. */
function tsconfig(name: string): { compilerOptions: Record<string, unknown>; include: string[] } {
  const doc = JSON.parse(readFileSync(join(REPO_ROOT, name), 'utf8')) as {
    extends?: string;
    compilerOptions?: Record<string, unknown>;
    include?: string[];
  };
  const base = doc.extends
    ? tsconfig(doc.extends.replace(/^\.\//, ''))
    : { compilerOptions: {}, include: [] };
  return {
    compilerOptions: { ...base.compilerOptions, ...doc.compilerOptions },
    include: doc.include ?? base.include,
  };
}

describe('Dockerfile reader', () => {
  it('reads stages, flags, exec form and continuations', () => {
    const d = parseDockerfile(
      'ARG IMG=node:20\nFROM ${IMG} AS build\nRUN a \\\n # note\n && b\nFROM ${IMG}\nCOPY --from=build --chown=node:node /a ./b\nCMD ["node", "x.js"]\n',
    );
    expect(d.globalArgs.map((a) => a.args)).toEqual(['IMG=node:20']);
    expect(d.stages.map((s) => s.name)).toEqual(['build', undefined]);
    expect(d.stages[0]!.instructions[0]!.args).toBe('a  && b');
    const copy = d.stages[1]!.instructions[0]!;
    expect(copy.flags).toEqual({ from: 'build', chown: 'node:node' });
    expect(copySources(copy)).toEqual(['/a']);
    expect(d.stages[1]!.instructions[1]!.exec).toEqual(['node', 'x.js']);
  });

  it('rejects an instruction before FROM and a dangling continuation', () => {
    expect(() => parseDockerfile('RUN x\nFROM a\n')).toThrow('RUN before the first FROM');
    expect(() => parseDockerfile('FROM a\nRUN x \\\n')).toThrow('line continuation at end of file');
  });
});

describe('Dockerfile of the proxy', () => {
  it('builds in a node 20 stage and runs in a separate runtime stage', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const image = dockerfile.globalArgs.find((a) => a.args.startsWith('NODE_IMAGE='))!.args.split('=')[1]!;
    expect(image).toMatch(/^node:20(\.\d+)*-bookworm-slim$/);
    for (const s of dockerfile.stages) expect(s.base).toBe('${NODE_IMAGE}');
    const engines = (JSON.parse(files.get('package.json')!) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(/^>=20/);
  });

  it('runs npm ci from the lockfile, then the build script, then prunes dev dependencies', () => {
    const steps = build.instructions.map((i) => `${i.keyword} ${i.args}`);
    const at = (re: RegExp) => steps.findIndex((s) => re.test(s));
    const lock = at(/^COPY package\.json package-lock\.json \.\/$/);
    const ci = at(/^RUN npm ci$/);
    const buildStep = at(/^RUN npm run build .*&& npm prune --omit=dev$/);
    expect(lock).toBeGreaterThanOrEqual(0);
    expect(ci).toBeGreaterThan(lock);
    expect(buildStep).toBeGreaterThan(ci);
    const pkg = JSON.parse(files.get('package.json')!) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
  });

  it('starts the CLI entry that tsc builds from cli/main.ts, with `serve --config /config/phigate.yaml`', () => {
    const cmd = find(runtime.instructions, 'CMD');
    expect(cmd).toHaveLength(1);
    // One V8 worker thread (less allocator memory per replica), as `npm start` runs it too.
    expect(cmd[0]!.exec).toEqual([
      'node',
      '--v8-pool-size=1',
      'dist/cli/main.js',
      'serve',
      '--config',
      '/config/phigate.yaml',
    ]);
    const pkgStart = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts.start;
    expect(pkgStart).toContain('--v8-pool-size=1');
    const ts = tsconfig('tsconfig.build.json');
    expect(ts.compilerOptions.outDir).toBe('dist');
    expect(ts.compilerOptions.rootDir).toBe('.');
    expect(ts.include).toContain('cli');
    // dist/cli/main.js <- cli/main.ts under rootDir '.' and outDir 'dist'
    const source = posix.join('cli', posix.basename(cmd[0]!.exec![2]!, '.js') + '.ts');
    expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
    // The same entry the installed `phigate` command and `npm start` use.
    expect(readFileSync(join(REPO_ROOT, 'bin/phigate.js'), 'utf8')).toContain(
      "import('../dist/cli/main.js')",
    );
    // `serve` is a registered subcommand, and it takes --config.
    const main = readFileSync(join(REPO_ROOT, source), 'utf8');
    const serve = /\bserve: async \(\) => \(await import\('\.\/commands\/([a-z-]+)\.js'\)\)/.exec(main);
    expect(serve, 'cli/main.ts registers serve').not.toBeNull();
    const serveSource = readFileSync(join(REPO_ROOT, 'cli/commands', `${serve![1]}.ts`), 'utf8');
    expect(serveSource).toMatch(/config: \{ type: 'string' \}/);
  });

  it('runs as the unprivileged node user, set before CMD', () => {
    const users = find(runtime.instructions, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1]!;
    expect(['root', '0', '0:0', 'root:root']).not.toContain(last.args);
    expect(last.args).toBe('node');
    const cmd = find(runtime.instructions, 'CMD')[0]!;
    expect(last.line).toBeLessThan(cmd.line);
    // Only the state directory is handed to the runtime user; the program stays root-owned.
    const run = find(runtime.instructions, 'RUN')
      .map((r) => r.args)
      .join(' ');
    expect(run).toContain('chown node:node /app/.phigate');
    expect(find(runtime.instructions, 'COPY').every((c) => !c.flags.chown)).toBe(true);
  });

  it('copies only what exists in the context and is not excluded by .dockerignore', () => {
    const stageNames = new Set(dockerfile.stages.map((s) => s.name));
    for (const s of dockerfile.stages) {
      for (const c of find(s.instructions, 'COPY')) {
        if (c.flags.from) {
          expect(stageNames.has(c.flags.from), `COPY --from=${c.flags.from}`).toBe(true);
          continue;
        }
        for (const src of copySources(c)) {
          expect(existsSync(join(REPO_ROOT, src)), `${src} exists`).toBe(true);
          expect(isIgnored(ignore, src), `${src} is excluded by .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('builds from a context without azd environments, dev state, keys or local settings', () => {
    for (const secret of [
      '.azure/prod/.env',
      '.phigate/dev/agent.token',
      '.phigate/dev/tls/key.pem',
      'local.settings.json',
      '.env',
      'certs/server.key',
      'node_modules/pg/package.json',
      '.git/config',
    ]) {
      expect(isIgnored(ignore, secret), secret).toBe(true);
    }
  });

  it('exposes the ports the Container App routes and probes', () => {
    const exposed = find(runtime.instructions, 'EXPOSE')
      .flatMap((e) => e.args.split(/\s+/))
      .map(Number);
    expect(exposed.sort()).toEqual([6432, 7071]);
    const app = files.get('infra/app/proxy.bicep')!;
    expect(app).toContain('targetPort: 6432');
    expect(app).toContain(
      'additionalPortMappings: [{ external: false, targetPort: 7071, exposedPort: 7071 }]',
    );
    expect(app.match(/httpGet: \{ path: '\/(healthz|readyz)', port: 7071 \}/g)).toHaveLength(3);
    expect(app).toContain("{ volumeName: 'state', mountPath: '/app/.phigate' }");
  });

  it('ships every file the program reads at run time (no asset read next to a module)', () => {
    const offenders: string[] = [];
    const scan = (dir: string) => {
      for (const name of readdirSync(join(REPO_ROOT, dir))) {
        const rel = posix.join(dir, name);
        if (statSync(join(REPO_ROOT, rel)).isDirectory()) scan(rel);
        else if (
          rel.endsWith('.ts') &&
          /new URL\([^)]*import\.meta\.url/.test(readFileSync(join(REPO_ROOT, rel), 'utf8'))
        ) {
          offenders.push(rel);
        }
      }
    };
    for (const dir of ['core', 'proxy', 'cli', 'functions']) scan(dir);
    // tsc emits only .js: a file read through import.meta.url would be missing from dist/.
    expect(offenders).toEqual([]);
  });
});

describe('.dockerignore matching', () => {
  it('follows Docker rules: segments, **, directories and ! exceptions', () => {
    const rules = parseDockerignore('# c\n/dist/\n**/*.pem\ndocs\n!docs/keep.md\ntmp?\n');
    expect(isIgnored(rules, 'dist/cli/main.js')).toBe(true);
    expect(isIgnored(rules, 'a/b/c.pem')).toBe(true);
    expect(isIgnored(rules, 'c.pem')).toBe(true);
    expect(isIgnored(rules, 'docs/a.md')).toBe(true);
    expect(isIgnored(rules, 'docs/keep.md')).toBe(false);
    expect(isIgnored(rules, 'tmp1')).toBe(true);
    expect(isIgnored(rules, 'tmp12')).toBe(false);
    expect(isIgnored(rules, 'src/dist/x')).toBe(false);
  });
});
