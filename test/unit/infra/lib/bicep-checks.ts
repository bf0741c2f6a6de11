/**
 * Cross-file checks of the Bicep tree, each returning the problems it finds (empty = clean):
 * module, import and load*Content paths; module params (unknown, missing required); outputs read
 * from modules; members of loaded JSON tables (abbreviations, roles); resource type@apiVersion.
 */
import type { Token } from './bicep-lexer.js';
import { type BicepOutline, memberChains } from './bicep-outline.js';
import { type Files, outlines, resolveFrom } from './infra-files.js';

/**
 * API versions used here, each checked against Microsoft's REST specs, docs or Microsoft samples
 * while writing the templates. A version not in this table is a failure until someone checks it.
 */
export const KNOWN_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'Microsoft.App/containerApps': ['2024-03-01'],
  'Microsoft.App/managedEnvironments': ['2024-03-01'],
  'Microsoft.Authorization/roleAssignments': ['2022-04-01'],
  'Microsoft.ContainerRegistry/registries': ['2023-07-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers': ['2024-08-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers/administrators': ['2024-08-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers/databases': ['2024-08-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules': ['2024-08-01'],
  'Microsoft.DocumentDB/databaseAccounts': ['2024-05-15'],
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases': ['2024-05-15'],
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers': ['2024-05-15'],
  'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments': ['2024-05-15'],
  'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions': ['2024-05-15'],
  'Microsoft.Insights/components': ['2020-02-02'],
  'Microsoft.Insights/diagnosticSettings': ['2021-05-01-preview'],
  'Microsoft.KeyVault/vaults': ['2023-07-01'],
  'Microsoft.KeyVault/vaults/secrets': ['2023-07-01'],
  'Microsoft.ManagedIdentity/userAssignedIdentities': ['2023-01-31'],
  'Microsoft.Network/privateDnsZones': ['2020-06-01'],
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks': ['2020-06-01'],
  'Microsoft.Network/privateEndpoints': ['2023-11-01'],
  'Microsoft.Network/virtualNetworks': ['2023-11-01'],
  'Microsoft.OperationalInsights/workspaces': ['2023-09-01'],
  'Microsoft.Resources/resourceGroups': ['2021-04-01'],
  'Microsoft.ServiceBus/namespaces': ['2024-01-01'],
  'Microsoft.ServiceBus/namespaces/queues': ['2024-01-01'],
  'Microsoft.Storage/storageAccounts': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers': ['2023-05-01'],
  'Microsoft.Web/serverfarms': ['2023-12-01'],
  'Microsoft.Web/sites': ['2023-12-01'],
  'Microsoft.Web/sites/config': ['2023-12-01'],
  // The version of Microsoft's "automate resource deployment for Azure Functions" example.
  'Microsoft.Web/sites/host/functionKeys': ['2022-09-01'],
};

const TYPE_AT_VERSION = /^(Microsoft\.[A-Za-z]+(?:\/[A-Za-z]+)+)@(\d{4}-\d{2}-\d{2}(?:-preview)?)$/;

/** Module, import and load*Content targets exist; imported types are exported by their file. */
export function checkPaths(files: Files): string[] {
  const problems: string[] = [];
  const all = outlines(files);
  for (const [file, o] of all) {
    for (const m of o.modules) {
      if (m.path.startsWith('br:') || m.path.startsWith('br/') || m.path.startsWith('ts:')) {
        problems.push(
          `${file}:${m.line}: module ${m.symbol} uses a registry module (${m.path}); this tree is self-contained`,
        );
        continue;
      }
      const target = resolveFrom(file, m.path);
      if (!files.has(target))
        problems.push(`${file}:${m.line}: module ${m.symbol} points to missing ${target}`);
    }
    for (const imp of o.imports) {
      const target = resolveFrom(file, imp.path);
      const t = all.get(target);
      if (!t) {
        problems.push(`${file}: import from missing ${target}`);
        continue;
      }
      for (const name of imp.names) {
        if (!t.exportedTypes.includes(name))
          problems.push(`${file}: imports ${name}, which ${target} does not export`);
      }
    }
    for (const l of o.loads) {
      const target = resolveFrom(file, l.path);
      if (!files.has(target)) problems.push(`${file}:${l.line}: ${l.fn} of missing ${target}`);
    }
  }
  return problems;
}

/** Every module call passes only declared params and every required one; outputs read exist. */
export function checkModuleContracts(files: Files): string[] {
  const problems: string[] = [];
  const all = outlines(files);
  for (const [file, o] of all) {
    for (const m of o.modules) {
      const target = all.get(resolveFrom(file, m.path));
      if (!target) continue; // reported by checkPaths
      const declared = new Map(target.params.map((p) => [p.name, p]));
      const passed = new Set(m.params.map((p) => p.key));
      for (const key of passed) {
        if (!declared.has(key))
          problems.push(`${file}:${m.line}: module ${m.symbol} passes unknown param ${key}`);
      }
      for (const p of target.params) {
        if (!p.hasDefault && !p.nullable && !passed.has(p.name)) {
          problems.push(`${file}:${m.line}: module ${m.symbol} does not pass required param ${p.name}`);
        }
      }
      const outputs = new Set(target.outputs.map((x) => x.name));
      for (const chain of memberChains(o.tokens, m.symbol)) {
        if (chain.path[0] !== 'outputs') continue;
        const name = chain.path[1];
        if (!name || !outputs.has(name)) {
          problems.push(
            `${file}:${chain.line}: ${m.symbol}.outputs.${name ?? ''} is not an output of ${m.path}`,
          );
        }
      }
    }
  }
  return problems;
}

/** `var x = loadJsonContent('t.json')`: every `x.key` read in that file is a key of t.json. */
export function checkJsonTables(files: Files): string[] {
  const problems: string[] = [];
  for (const [file, o] of outlines(files)) {
    for (const v of o.vars) {
      const table = jsonTableOf(v.value);
      if (!table) continue;
      const target = resolveFrom(file, table);
      const text = files.get(target);
      if (text === undefined) continue; // reported by checkPaths
      const keys = new Set(Object.keys(JSON.parse(text) as object));
      for (const chain of memberChains(o.tokens, v.name)) {
        const key = chain.path[0]!;
        if (!keys.has(key))
          problems.push(`${file}:${chain.line}: ${v.name}.${key} is not a key of ${target}`);
      }
    }
  }
  return problems;
}

function jsonTableOf(value: readonly Token[]): string | undefined {
  const t = value.filter((x) => x.kind !== 'newline');
  if (
    t[0]?.text === 'loadJsonContent' &&
    t[1]?.text === '(' &&
    t[2]?.kind === 'string' &&
    t[3]?.text === ')'
  ) {
    return t[2].value;
  }
  return undefined;
}

/** Every top-level resource type is Namespace/type@date and its version is in KNOWN_API_VERSIONS. */
export function checkApiVersions(files: Files): string[] {
  const problems: string[] = [];
  for (const [file, o] of outlines(files)) {
    for (const r of o.resources) {
      if (!r.type.includes('@')) {
        if (r.type.includes('/') || r.type.startsWith('Microsoft.')) {
          problems.push(`${file}:${r.line}: resource ${r.symbol} has no API version (${r.type})`);
        }
        continue; // a nested child resource ('subnets', 'config'): inherits its parent's version
      }
      const m = TYPE_AT_VERSION.exec(r.type);
      if (!m) {
        problems.push(
          `${file}:${r.line}: resource ${r.symbol} type ${r.type} is not Namespace/type@yyyy-mm-dd`,
        );
        continue;
      }
      const known = KNOWN_API_VERSIONS[m[1]!];
      if (!known?.includes(m[2]!)) {
        problems.push(`${file}:${r.line}: ${r.type} is not a checked API version (KNOWN_API_VERSIONS)`);
      }
    }
  }
  return problems;
}

export function outlineOf(files: Files, path: string): BicepOutline {
  const o = outlines(files).get(path);
  if (!o) throw new Error(`no Bicep file ${path}`);
  return o;
}
