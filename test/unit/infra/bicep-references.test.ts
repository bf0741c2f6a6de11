import { describe, expect, it } from 'vitest';
import {
  checkApiVersions,
  checkJsonTables,
  checkModuleContracts,
  checkPaths,
  outlineOf,
} from './lib/bicep-checks.js';
import { memberChains } from './lib/bicep-outline.js';
import { editFile, loadDeploymentFiles, outlines, readJson } from './lib/infra-files.js';

const files = loadDeploymentFiles();
const MAIN = 'infra/main.bicep';

describe('infra/**/*.bicep references', () => {
  it('every Bicep file lexes and outlines', () => {
    expect(outlines(files).size).toBeGreaterThanOrEqual(18);
  });

  it('every module, import and load*Content target exists', () => {
    expect(checkPaths(files)).toEqual([]);
  });

  it('a module path that does not exist is reported', () => {
    const broken = editFile(files, MAIN, (t) => t.replace("'core/network.bicep'", "'core/networks.bicep'"));
    expect(checkPaths(broken)).toEqual([
      expect.stringContaining('module network points to missing infra/core/networks.bicep'),
    ]);
  });

  it('an imported type must be exported by its file', () => {
    const broken = editFile(files, 'infra/core/types.bicep', (t) =>
      t.replace("@export()\n@description('Read", "@description('Read"),
    );
    expect(checkPaths(broken)).toEqual([
      expect.stringContaining('imports secretReader, which infra/core/types.bicep does not export'),
    ]);
  });

  it('every module call passes declared params, all required ones, and reads existing outputs', () => {
    expect(checkModuleContracts(files)).toEqual([]);
  });

  it('reports a missing required param, an unknown param and an output that does not exist', () => {
    const missing = editFile(files, MAIN, (t) => t.replace('    zoneRedundant: prod\n', ''));
    expect(checkModuleContracts(missing)).toEqual([
      expect.stringContaining('module containerEnvironment does not pass required param zoneRedundant'),
    ]);
    const unknown = editFile(files, 'infra/app/audit-pipeline.bicep', (t) =>
      t.replace('    serverless: !prod\n', '    serverless: !prod\n    throughput: 400\n'),
    );
    expect(checkModuleContracts(unknown)).toEqual([
      expect.stringContaining('module index passes unknown param throughput'),
    ]);
    const output = editFile(files, MAIN, (t) => t.replace('proxy.outputs.fqdn', 'proxy.outputs.hostName'));
    expect(checkModuleContracts(output)).toEqual([
      expect.stringContaining('proxy.outputs.hostName is not an output of app/proxy.bicep'),
    ]);
  });

  it('every abbrs.* and roles.* key read exists in abbreviations.json / roles.json', () => {
    expect(checkJsonTables(files)).toEqual([]);
  });

  it('abbreviations.json and roles.json hold no unused entries', () => {
    const used = (table: string) =>
      new Set(
        [...outlines(files).values()].flatMap((o) => memberChains(o.tokens, table).map((c) => c.path[0]!)),
      );
    const abbrs = Object.keys(readJson(files, 'infra/abbreviations.json') as object).sort();
    expect([...used('abbrs')].sort()).toEqual(abbrs);
    const roles = Object.keys(readJson(files, 'infra/roles.json') as object).sort();
    expect([...used('roles')].sort()).toEqual(roles);
  });

  it('reports an abbreviation or role key that is not in its table', () => {
    const abbr = editFile(files, MAIN, (t) => t.replace('abbrs.keyVaultVaults', 'abbrs.keyVaults'));
    expect(checkJsonTables(abbr)).toEqual([
      expect.stringContaining('abbrs.keyVaults is not a key of infra/abbreviations.json'),
    ]);
    const role = editFile(files, 'infra/app/audit-pipeline.bicep', (t) =>
      t.replace('roles.serviceBusDataSender', 'roles.serviceBusSender'),
    );
    expect(checkJsonTables(role)).toEqual([
      expect.stringContaining('roles.serviceBusSender is not a key of infra/roles.json'),
    ]);
  });

  it('every resource uses a checked Namespace/type@apiVersion', () => {
    expect(checkApiVersions(files)).toEqual([]);
    const typo = editFile(files, 'infra/core/service-bus.bicep', (t) =>
      t.replace("namespaces@2024-01-01' = {", "namespaces@2024-13-01' = {"),
    );
    expect(checkApiVersions(typo)).toEqual([
      expect.stringContaining('Microsoft.ServiceBus/namespaces@2024-13-01 is not a checked API version'),
    ]);
  });

  it('main.bicep deploys at subscription scope and puts every module in the resource group', () => {
    const main = outlineOf(files, MAIN);
    expect(main.targetScope).toBe('subscription');
    for (const m of main.modules) {
      const scope = m.body.findIndex((t, i) => t.text === 'scope' && m.body[i + 1]?.text === ':');
      expect(scope, `module ${m.symbol} has scope: rg`).toBeGreaterThan(0);
      expect(m.body[scope + 2]?.text).toBe('rg');
    }
    for (const [file, o] of outlines(files)) {
      if (file !== MAIN) expect(o.targetScope, file).toBeUndefined();
    }
  });
});

describe('resource names', () => {
  // uniqueString() returns 13 characters.
  const token = 'abcdefghij123';
  const abbrs = readJson(files, 'infra/abbreviations.json') as Record<string, string>;
  const main = outlineOf(files, MAIN);
  const namesVar = main.vars.find((v) => v.name === 'names')!;

  /** Evaluates `'${abbrs.x}literal${resourceToken}'` entries of the names object. */
  function evaluate(key: string): string {
    const start = namesVar.value.findIndex((t) => t.text === key);
    const str = namesVar.value[start + 2]!;
    let i = 0;
    return str.text.replace(/\$\{\}/g, () => {
      const hole = str.holes![i++]!.filter((t) => t.kind !== 'newline');
      if (hole[0]?.text === 'abbrs') return abbrs[hole[2]!.text]!;
      if (hole[0]?.text === 'resourceToken') return token;
      if (hole[0]?.text === 'environmentName') return 'prod-eastus2';
      throw new Error(`unexpected hole in names.${key}`);
    });
  }

  it.each([
    // [names key, Azure naming rule]
    ['keyVault', /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/],
    ['evidenceStorage', /^[a-z0-9]{3,24}$/],
    ['functionsStorage', /^[a-z0-9]{3,24}$/],
    ['registry', /^[a-zA-Z0-9]{5,50}$/],
    ['proxyApp', /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/],
    ['containerEnvironment', /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/],
    ['cosmos', /^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$/],
    ['serviceBus', /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/],
    ['postgres', /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/],
    ['functionsApp', /^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/],
  ])('names.%s fits its Azure naming rule', (key, rule) => {
    expect(evaluate(key)).toMatch(rule);
  });
});
