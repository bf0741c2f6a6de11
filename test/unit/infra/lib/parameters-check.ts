/**
 * infra/main.parameters.json against infra/main.bicep: azd substitutes `${VAR}` and
 * `${VAR=default}` from the azd environment before handing the file to ARM.
 */
import type { BicepOutline } from './bicep-outline.js';

const AZD_VALUE = /^\$\{([A-Z][A-Z0-9_]*)(?:=([^}]*))?\}$/;

export interface ParameterBinding {
  readonly param: string;
  readonly envVar: string;
  readonly defaultValue: string | undefined;
}

export function parameterBindings(json: unknown): { bindings: ParameterBinding[]; problems: string[] } {
  const problems: string[] = [];
  const bindings: ParameterBinding[] = [];
  const doc = json as { $schema?: unknown; contentVersion?: unknown; parameters?: Record<string, unknown> };
  if (doc.$schema !== 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#') {
    problems.push('$schema is not the ARM deploymentParameters schema');
  }
  if (doc.contentVersion !== '1.0.0.0') problems.push('contentVersion is not 1.0.0.0');
  for (const [param, entry] of Object.entries(doc.parameters ?? {})) {
    const value = (entry as { value?: unknown }).value;
    if (typeof value !== 'string') {
      problems.push(`${param}: value must be an azd substitution string, got ${typeof value}`);
      continue;
    }
    const m = AZD_VALUE.exec(value);
    if (!m) {
      problems.push(`${param}: value ${JSON.stringify(value)} is not \${VAR} or \${VAR=default}`);
      bindings.push({ param, envVar: '', defaultValue: value });
      continue;
    }
    bindings.push({ param, envVar: m[1]!, defaultValue: m[2] });
  }
  return { bindings, problems };
}

/** Every supplied param is declared; every required param is supplied; defaults fit the type. */
export function checkParameters(main: BicepOutline, json: unknown): string[] {
  const { bindings, problems } = parameterBindings(json);
  const declared = new Map(main.params.map((p) => [p.name, p]));
  const supplied = new Set(bindings.map((b) => b.param));
  for (const b of bindings) {
    const p = declared.get(b.param);
    if (!p) {
      problems.push(`${b.param} is supplied but not declared in main.bicep`);
      continue;
    }
    if (b.defaultValue === undefined || b.envVar === '') continue;
    if (p.type === 'bool' && !['true', 'false'].includes(b.defaultValue)) {
      problems.push(`${b.param}: default ${JSON.stringify(b.defaultValue)} is not a bool`);
    }
    if (p.type === 'int' && !/^\d+$/.test(b.defaultValue)) {
      problems.push(`${b.param}: default ${JSON.stringify(b.defaultValue)} is not an int`);
    }
    if (p.allowed && !p.allowed.includes(b.defaultValue)) {
      problems.push(
        `${b.param}: default ${JSON.stringify(b.defaultValue)} is not one of ${p.allowed.join(', ')}`,
      );
    }
    if (p.decorators.includes('secure') && b.defaultValue !== '') {
      problems.push(`${b.param}: a secure parameter must not have a literal default in the parameters file`);
    }
  }
  for (const p of main.params) {
    if (!p.hasDefault && !p.nullable && !supplied.has(p.name)) {
      problems.push(`${p.name} is required by main.bicep (no default) but not supplied`);
    }
  }
  return problems;
}
