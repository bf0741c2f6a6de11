import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { PhigateError } from '../errors.js';
import { type Config, type ConfigInput, configSchema } from './schema.js';

/** One line per problem: `path.to.key: message`. Never echoes values (they may be secrets). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') return `${path}: unknown key(s) ${issue.keys.join(', ')}`;
    return `${path}: ${issue.message}`;
  });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Validates a config object; throws PhigateError CONFIG_INVALID listing every problem with its path. */
export function parseConfig(input: unknown): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const lines = formatIssues(result.error.issues);
    throw new PhigateError('CONFIG_INVALID', `invalid configuration:\n  ${lines.join('\n  ')}`, {
      detail: lines.join('\n'),
    });
  }
  return deepFreeze(result.data) as Config;
}

export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PhigateError('CONFIG_UNREADABLE', `cannot read config file ${file}`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const msg = error instanceof Error ? error.message.split('\n')[0] : 'parse error';
    throw new PhigateError('CONFIG_INVALID', `config file ${file} is not valid YAML: ${msg}`);
  }
  return parseConfig(doc ?? {});
}

export type { Config, ConfigInput };
