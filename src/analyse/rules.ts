/**
 * Loads the rule files from `rules/`, validates them and binds each to its
 * check kind. Adding a rule of an existing kind changes data only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../package-root.js';
import yaml from 'js-yaml';
import { loadDataFile } from '../load/data-file.js';
import { UserError } from '../types.js';
import type { CheckKind } from './check.js';
import { basisMismatchCheck } from './checks/basis-mismatch.js';
import { contradictionCheck } from './checks/contradiction.js';
import { controllerCheck } from './checks/controller.js';
import { directiveCheck } from './checks/directive.js';
import { dpoCheck } from './checks/dpo.js';
import { euRepresentativeCheck } from './checks/eu-representative.js';
import { unclosedCommentCheck } from './checks/unclosed-comment.js';
import { outdatedCheck } from './checks/outdated.js';
import { presenceCheck } from './checks/presence.js';
import { requiresCheck } from './checks/requires.js';
import { sectionBasisCheck } from './checks/section-basis.js';
import { vendorConsentCheck } from './checks/vendor-consent.js';
import { vendorTransferCheck } from './checks/vendor-transfer.js';
import { separateCheck } from './checks/separate.js';
import { undisclosedCheck } from './checks/undisclosed.js';
import type { RuleDefinition } from './rule-schema.js';
import { validateRule } from './rule-schema.js';
import { withPatternCheck } from '../knowledge/patterns.js';

// Each kind has its own parameter type; the registry only dispatches by name.
const CHECK_KINDS: Record<string, CheckKind<any>> = {
  'basis-mismatch': basisMismatchCheck,
  contradiction: contradictionCheck,
  controller: controllerCheck,
  directive: directiveCheck,
  dpo: dpoCheck,
  'eu-representative': euRepresentativeCheck,
  'unclosed-comment': unclosedCommentCheck,
  outdated: outdatedCheck,
  presence: presenceCheck,
  'section-basis': sectionBasisCheck,
  requires: requiresCheck,
  separate: separateCheck,
  undisclosed: undisclosedCheck,
  'vendor-consent': vendorConsentCheck,
  'vendor-transfer': vendorTransferCheck,
};

export interface LoadedRule {
  definition: RuleDefinition;
  kind: CheckKind<unknown>;
  params: unknown;
}

/** The package's own rule directory (works from src/ under Jest and from dist/). */
export const BUILTIN_RULES_DIR = packagePath('rules');

/** Files in the rules directory that are data the rules share, not rules. */
const DATA_FILES = new Set(['jurisdictions.yaml', 'countries.yaml', 'law.yaml']);

/** Load one rule file; `user`: a user's own rule, whose patterns are checked for catastrophic backtracking. */
export function loadRuleFile(file: string, user = false): LoadedRule {
  let raw: unknown;
  try {
    raw = loadDataFile(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = error instanceof yaml.YAMLException ? error.reason + (error.mark ? ` (line ${error.mark.line + 1})` : '') : (error as Error).message;
    throw new UserError(`invalid rule file: ${reason}`, file);
  }
  const definition = validateRule(raw, file);
  // Own keys only: a kind named "__proto__", "constructor" or "toString" is unknown, not an object's member.
  const kind = Object.hasOwn(CHECK_KINDS, definition.check.kind) ? CHECK_KINDS[definition.check.kind] : undefined;
  if (!kind) throw new UserError(`invalid rule file: key "check.kind" names an unknown check kind "${definition.check.kind}"`, file);
  if (user) definition.helpUri = pathToFileURL(file).href;
  return { definition, kind, params: withPatternCheck(user, () => kind.compile(definition.check, file)) };
}

let cache: LoadedRule[] | undefined;

/** All built-in rules, sorted by id; loaded once per process. */
export function builtinRules(): LoadedRule[] {
  if (cache) return cache;
  const files = readdirSync(BUILTIN_RULES_DIR, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/u.test(e.name) && !DATA_FILES.has(e.name))
    .map((e) => join(BUILTIN_RULES_DIR, e.name))
    .sort();
  const rules = files.map((f) => loadRuleFile(f));
  const seen = new Map<string, string>();
  for (const r of rules) {
    const other = seen.get(r.definition.id);
    if (other) throw new UserError(`invalid rule file: key "id" repeats the id "${r.definition.id}" of ${other}`, r.definition.file);
    seen.set(r.definition.id, r.definition.file);
  }
  cache = rules.sort((a, b) => (a.definition.id < b.definition.id ? -1 : 1));
  return cache;
}

const customCache = new Map<string, LoadedRule[]>();

/**
 * A user's rule directory (`rule-dirs` in .auditrc): its rule files, in the
 * schema of the built-in ones, each pattern checked for catastrophic
 * backtracking before use. Loaded once per directory.
 */
export function loadCustomRules(dir: string): LoadedRule[] {
  const hit = customCache.get(dir);
  if (hit) return hit;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/u.test(n)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read the rule directory: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`, dir);
  }
  const builtin = new Set(ruleIds());
  const seen = new Map<string, string>();
  const rules = names.map((n) => {
    const rule = loadRuleFile(join(dir, n), true);
    const id = rule.definition.id;
    if (builtin.has(id)) throw new UserError(`invalid rule file: key "id" repeats the built-in rule id "${id}"`, rule.definition.file);
    const other = seen.get(id);
    if (other) throw new UserError(`invalid rule file: key "id" repeats the id "${id}" of ${other}`, rule.definition.file);
    seen.set(id, rule.definition.file);
    return rule;
  });
  customCache.set(dir, rules);
  return rules;
}

/** The built-in rules and those of the given rule directories, sorted by id. */
export function rulesWith(dirs: readonly string[]): LoadedRule[] {
  if (dirs.length === 0) return builtinRules();
  return [...builtinRules(), ...dirs.flatMap(loadCustomRules)].sort((a, b) => (a.definition.id < b.definition.id ? -1 : 1));
}

/** Every user rule loaded so far (their definitions go into SARIF and Markdown reports). */
export const loadedCustomRules = (): LoadedRule[] => [...customCache.values()].flat();

export function ruleIds(): string[] {
  return builtinRules().map((r) => r.definition.id);
}
