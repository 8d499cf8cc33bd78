/**
 * Reading policy-audit's own YAML data (rules, lexicons, vendors, countries,
 * law). The build stores each file of rules/ parsed, with a hash of its text,
 * in dist/builtin-data.json; a file whose text still has that hash is taken
 * from there, which spares every run the YAML parsing (about 100 ms of a
 * pre-commit hook's start). A file that was changed, or is not the package's
 * own (a custom rule directory), is parsed as YAML.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MAX_CONFIG_BYTES, readBoundedText } from './bounded.js';
import { relative, sep } from 'node:path';
import yaml from 'js-yaml';
import { packagePath, packageRoot } from '../package-root.js';

export const SNAPSHOT_FILE = ['dist', 'builtin-data.json'] as const;

export interface SnapshotEntry {
  /** SHA-1 of the file's text. */
  sha1: string;
  /** The file's parsed data, as JSON text (parsed again on each use, so no caller shares an object). */
  json: string;
}

let snapshot: Record<string, SnapshotEntry> | null | undefined;

function loadSnapshot(): Record<string, SnapshotEntry> | null {
  if (snapshot !== undefined) return snapshot;
  try {
    snapshot = JSON.parse(readFileSync(packagePath(...SNAPSHOT_FILE), 'utf8')) as Record<string, SnapshotEntry>;
  } catch {
    snapshot = null;
  }
  return snapshot;
}

/** The key under which the build stores the built-in patterns' gate literals (see knowledge/gate.ts). */
export const GATES_KEY = '#gates';

/** The stored gate literals of the built-in patterns, if the build stored them with this version. */
export function builtinGates(version: number): Record<string, string[] | null> | null {
  const entry = loadSnapshot()?.[GATES_KEY];
  if (!entry || entry.sha1 !== `v${version}`) return null;
  try {
    return JSON.parse(entry.json) as Record<string, string[] | null>;
  } catch {
    return null;
  }
}

/** The key of a file in the snapshot: its path inside the package, with forward slashes. */
export const snapshotKey = (file: string): string => relative(packageRoot(), file).split(sep).join('/');

export const textHash = (text: string): string => createHash('sha1').update(text).digest('hex');

/** The data of a YAML file; throws what js-yaml throws for a broken one, and ENOENT for a missing one. */
export function loadDataFile(file: string): unknown {
  // A user's rule file is input like a policy: a regular file of bounded size.
  const text = readBoundedText(file, MAX_CONFIG_BYTES, 'rule file');
  const entry = loadSnapshot()?.[snapshotKey(file)];
  if (entry && entry.sha1 === textHash(text)) return JSON.parse(entry.json) as unknown;
  return yaml.load(text, { filename: file });
}
