/**
 * The deployment files as one in-memory snapshot (relative path -> text), so the checks can run
 * on the real tree and on a copy with one deliberate mistake (the tests that prove a check fails).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BicepOutline, outlineBicep } from './bicep-outline.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export type Files = ReadonlyMap<string, string>;

function walk(dir: string, skip: ReadonlySet<string>): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (skip.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, skip) : [path];
  });
}

/** infra/** plus the root files the deployment refers to. */
export function loadDeploymentFiles(root = REPO_ROOT): Map<string, string> {
  const files = new Map<string, string>();
  for (const abs of walk(join(root, 'infra'), new Set())) {
    files.set(relative(root, abs).split('\\').join('/'), readFileSync(abs, 'utf8'));
  }
  for (const name of [
    'azure.yaml',
    'Dockerfile',
    '.dockerignore',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
  ]) {
    try {
      files.set(name, readFileSync(join(root, name), 'utf8'));
    } catch {
      // absent files are reported by the checks that need them
    }
  }
  return files;
}

export function withFile(files: Files, path: string, text: string): Map<string, string> {
  const copy = new Map(files);
  copy.set(path, text);
  return copy;
}

export function editFile(files: Files, path: string, edit: (text: string) => string): Map<string, string> {
  const text = files.get(path);
  if (text === undefined) throw new Error(`editFile: no file ${path}`);
  const edited = edit(text);
  if (edited === text) throw new Error(`editFile: the edit did not change ${path}`);
  return withFile(files, path, edited);
}

/** Resolves a path written in `fromFile` (relative to its directory) to a snapshot key. */
export function resolveFrom(fromFile: string, path: string): string {
  return posix.normalize(posix.join(posix.dirname(fromFile), path));
}

export function bicepFiles(files: Files): string[] {
  return [...files.keys()].filter((p) => p.startsWith('infra/') && p.endsWith('.bicep')).sort();
}

/** Outlines of every .bicep file; parse errors propagate (a file that does not lex is a failure). */
export function outlines(files: Files): Map<string, BicepOutline> {
  return new Map(bicepFiles(files).map((p) => [p, outlineBicep(files.get(p)!, p)]));
}

export function readJson(files: Files, path: string): unknown {
  const text = files.get(path);
  if (text === undefined) throw new Error(`missing file ${path}`);
  return JSON.parse(text);
}
