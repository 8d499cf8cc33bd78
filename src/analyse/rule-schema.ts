/**
 * The rule file format (one YAML file per rule in `rules/`) and its validation.
 * A broken rule file is a UserError naming the file and the key.
 */
import type { Language, Level, Localized } from '../types.js';
import { patternList } from '../knowledge/patterns.js';
import { UserError } from '../types.js';

export type { Localized };

export interface LegalReference {
  /** The law: GDPR, BDSG, TDDDG, DDG, ... */
  law: string;
  article: string;
  paragraph?: string;
  letter?: string;
  /** How a reader cites it, per language: "Art. 13 Abs. 1 lit. a DSGVO". */
  cite: Localized;
}

export interface RuleDefinition {
  id: string;
  level: Level;
  reference: LegalReference;
  title: Localized;
  /** Message of a finding; `{name}` placeholders are filled from the finding. */
  message: Localized;
  /** What the rule checks and why. */
  description: Localized;
  /** How to fix the policy text. */
  fix: Localized;
  tags: string[];
  /** SARIF precision: how often a finding of this rule is right. */
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** Where its documentation page lives, relative to the repository. */
  helpUri: string;
  check: { kind: string } & Record<string, unknown>;
  /** The file it was loaded from. */
  file: string;
}

const LEVELS = new Set(['error', 'warning', 'info']);
const PRECISIONS = new Set(['very-high', 'high', 'medium', 'low']);
const TOP_KEYS = new Set(['id', 'level', 'reference', 'title', 'message', 'description', 'fix', 'tags', 'precision', 'check']);

export const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const HELP_BASE = 'https://github.com/policy-audit/policy-audit/blob/main/docs/rules/';

function fail(file: string, key: string, problem: string): never {
  throw new UserError(`invalid rule file: key "${key}" ${problem}`, file);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function localized(file: string, key: string, v: unknown): Localized {
  if (!isObject(v)) fail(file, key, 'must be a mapping with "de" and "en" texts');
  for (const lang of ['de', 'en']) {
    if (typeof v[lang] !== 'string' || (v[lang] as string).trim() === '') fail(file, `${key}.${lang}`, 'must be a non-empty string');
  }
  for (const k of Object.keys(v)) if (k !== 'de' && k !== 'en') fail(file, `${key}.${k}`, 'is not a known language (de, en)');
  return { de: v.de as string, en: v.en as string };
}

export function stringList(file: string, key: string, v: unknown): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(file, key, 'must be a list of strings');
  return v as string[];
}

/**
 * Compile a list of regular-expression sources; a bad one names its key and
 * index. An item may also be `{pattern: "...", case-sensitive: true}` where
 * letter case matters (postcodes, legal forms).
 */
export function validateRule(raw: unknown, file: string): RuleDefinition {
  if (!isObject(raw)) fail(file, '(top level)', 'must be a mapping');
  for (const k of Object.keys(raw)) if (!TOP_KEYS.has(k)) fail(file, k, 'is not a known rule key');
  const id = raw.id;
  if (typeof id !== 'string' || !RULE_ID.test(id)) fail(file, 'id', 'must be a kebab-case rule id');
  if (typeof raw.level !== 'string' || !LEVELS.has(raw.level)) fail(file, 'level', 'must be one of error, warning, info');
  const ref = raw.reference;
  if (!isObject(ref)) fail(file, 'reference', 'must be a mapping (law, article, paragraph, letter, cite)');
  if (typeof ref.law !== 'string') fail(file, 'reference.law', 'must be a string');
  if (ref.article === undefined) fail(file, 'reference.article', 'is required');
  const reference: LegalReference = { law: ref.law, article: String(ref.article), cite: localized(file, 'reference.cite', ref.cite) };
  if (ref.paragraph !== undefined) reference.paragraph = String(ref.paragraph);
  if (ref.letter !== undefined) reference.letter = String(ref.letter);
  const tags = raw.tags === undefined ? [] : stringList(file, 'tags', raw.tags);
  const precision = raw.precision ?? 'high';
  if (typeof precision !== 'string' || !PRECISIONS.has(precision)) fail(file, 'precision', 'must be one of very-high, high, medium, low');
  const check = raw.check;
  if (!isObject(check) || typeof check.kind !== 'string') fail(file, 'check.kind', 'must name a check kind');
  return {
    id,
    level: raw.level as Level,
    reference,
    title: localized(file, 'title', raw.title),
    message: localized(file, 'message', raw.message),
    description: localized(file, 'description', raw.description),
    fix: localized(file, 'fix', raw.fix),
    tags,
    precision: precision as RuleDefinition['precision'],
    helpUri: `${HELP_BASE}${id}.md`,
    check: check as RuleDefinition['check'],
    file,
  };
}
