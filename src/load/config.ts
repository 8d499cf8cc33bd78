/**
 * Configuration files: `.auditrc` (JSON or YAML), `.auditrc.json`,
 * `.auditrc.yaml`, `.auditrc.yml`, or the `policyAudit` key of package.json,
 * found by searching upward from each audited file to the repository root.
 * The nearest one applies. Validation is strict: an unknown key, rule id or
 * level is a UserError naming the file and the key.
 */
import type { JurisdictionId } from '../knowledge/jurisdictions.js';
import { JURISDICTIONS } from '../knowledge/jurisdictions.js';
import { existsSync, statSync } from 'node:fs';
import { MAX_CONFIG_BYTES, MAX_PACKAGE_JSON_BYTES, readBoundedText } from './bounded.js';
import { dirname, join, relative, resolve, sep } from 'node:path';
import yaml from 'js-yaml';
import picomatch from 'picomatch';
import type { Language, RuleSetting } from '../types.js';
import { UserError } from '../types.js';
import { loadCustomRules } from '../analyse/rules.js';

export interface AuditConfig {
  /** Level per rule id. */
  rules: Record<string, RuleSetting>;
  /** Language of the policies ("auto" detects it per file). */
  language: Language | 'auto';
  /** The law the policies are read against ("auto" finds it per file from the controller's address and the law named). */
  jurisdiction: JurisdictionId | 'auto';
  /** Path patterns (globs relative to the config file) not to audit. */
  ignore: string[];
  /** Findings to suppress, for files without comments (plain text) or across files. */
  suppressions: ConfigSuppressionEntry[];
  /** Services the site really uses (they must be named), and services whose findings to leave out. */
  vendors: { uses: string[]; ignore: string[] };
  /** Directories of the user's own rule files (absolute), loaded and checked with the configuration. */
  ruleDirs: string[];
  /** The file this configuration came from, if any. */
  file?: string;
}

export interface ConfigSuppressionEntry {
  rules: string[];
  /** Path patterns relative to the config file; none = every file it governs. */
  files: string[];
  vendor?: string;
  section?: string;
  reason: string;
}

export const CONFIG_FILES = ['.auditrc', '.auditrc.json', '.auditrc.yaml', '.auditrc.yml', 'package.json'] as const;

const KEYS = new Set(['$schema', 'rules', 'rule-dirs', 'language', 'jurisdiction', 'ignore', 'suppressions', 'vendors']);
const SUPPRESSION_KEYS = new Set(['rules', 'files', 'vendor', 'section', 'reason']);
const SETTINGS = new Set(['off', 'info', 'warning', 'error']);

export function emptyConfig(): AuditConfig {
  return { rules: {}, language: 'auto', jurisdiction: 'auto', ignore: [], suppressions: [], vendors: { uses: [], ignore: [] }, ruleDirs: [] };
}

function fail(file: string, key: string, problem: string): never {
  throw new UserError(`invalid configuration: key "${key}" ${problem}`, file);
}

/** Validate a parsed configuration object. */
export function validateConfig(raw: unknown, file: string, builtinIds: ReadonlySet<string>): AuditConfig {
  let knownRules = builtinIds;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, '(top level)', 'must be a mapping');
  const obj = { ...(raw as Record<string, unknown>) };
  // An empty YAML key ("rules:" with only comments under it) is an empty setting.
  for (const k of Object.keys(obj)) if (obj[k] === null) delete obj[k];
  const config = emptyConfig();
  config.file = file;
  for (const key of Object.keys(obj)) if (!KEYS.has(key)) fail(file, key, `is not a known key (known: ${[...KEYS].filter((k) => k !== '$schema').join(', ')})`);
  if (obj['rule-dirs'] !== undefined) {
    const dirs = obj['rule-dirs'];
    if (!Array.isArray(dirs) || dirs.some((d) => typeof d !== 'string')) fail(file, 'rule-dirs', 'must be a list of directories (relative to the configuration file)');
    const base = dirname(file.replace(/#policyAudit$/u, ''));
    config.ruleDirs = (dirs as string[]).map((d) => resolve(base, d));
    // A broken rule file fails the files this configuration governs, naming the rule file.
    const custom = config.ruleDirs.flatMap((d) => loadCustomRules(d));
    knownRules = new Set([...builtinIds, ...custom.map((r) => r.definition.id)]);
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) fail(file, 'rules', 'must map rule ids to off, info, warning or error');
    for (const [id, level] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!knownRules.has(id)) fail(file, `rules.${id}`, 'names an unknown rule (see: policy-audit rules)');
      if (typeof level !== 'string' || !SETTINGS.has(level)) fail(file, `rules.${id}`, 'must be off, info, warning or error');
      config.rules[id] = level as RuleSetting;
    }
  }
  if (obj.language !== undefined) {
    if (obj.language !== 'auto' && obj.language !== 'de' && obj.language !== 'en') fail(file, 'language', 'must be auto, de or en');
    config.language = obj.language;
  }
  if (obj.jurisdiction !== undefined) {
    if (obj.jurisdiction !== 'auto' && !(JURISDICTIONS as readonly unknown[]).includes(obj.jurisdiction)) fail(file, 'jurisdiction', `must be auto, ${JURISDICTIONS.join(', ')}`);
    config.jurisdiction = obj.jurisdiction as JurisdictionId | 'auto';
  }
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore) || obj.ignore.some((p) => typeof p !== 'string')) fail(file, 'ignore', 'must be a list of path patterns');
    config.ignore = obj.ignore as string[];
  }
  if (obj.vendors !== undefined) {
    const v = obj.vendors as Record<string, unknown>;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, 'vendors', 'must be a mapping with "uses" and "ignore" lists');
    for (const k of Object.keys(v)) if (k !== 'uses' && k !== 'ignore') fail(file, `vendors.${k}`, 'is not a known key (uses, ignore)');
    for (const k of ['uses', 'ignore'] as const) {
      const list = v[k] ?? [];
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) fail(file, `vendors.${k}`, 'must be a list of service names');
      config.vendors[k] = list as string[];
    }
  }
  if (obj.suppressions !== undefined) {
    if (!Array.isArray(obj.suppressions)) fail(file, 'suppressions', 'must be a list of {rules, files, vendor, section, reason}');
    config.suppressions = (obj.suppressions as unknown[]).map((raw, i) => {
      const key = `suppressions[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, key, 'must be a mapping');
      const e = raw as Record<string, unknown>;
      for (const k of Object.keys(e)) if (!SUPPRESSION_KEYS.has(k)) fail(file, `${key}.${k}`, 'is not a known key (rules, files, vendor, section, reason)');
      const list = (k: string): string[] => {
        const v = e[k] ?? [];
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(file, `${key}.${k}`, 'must be a list of strings');
        return v as string[];
      };
      const rules = list('rules');
      for (const id of rules) if (!knownRules.has(id)) fail(file, `${key}.rules`, `names an unknown rule "${id}"`);
      if (typeof e.reason !== 'string' || e.reason.trim() === '') fail(file, `${key}.reason`, 'is required: say why the finding does not apply');
      const entry: ConfigSuppressionEntry = { rules, files: list('files'), reason: e.reason };
      for (const k of ['vendor', 'section'] as const) {
        if (e[k] === undefined) continue;
        if (typeof e[k] !== 'string') fail(file, `${key}.${k}`, 'must be a string');
        entry[k] = e[k] as string;
      }
      return entry;
    });
  }
  return config;
}

/** Read one configuration file (any of the supported names, or a path given with --config). */
export function readConfigFile(file: string, knownRules: ReadonlySet<string>): AuditConfig | undefined {
  // Bounded and regular files only: a huge or endless file would exhaust memory before parsing.
  const text = readBoundedText(file, file.endsWith('package.json') ? MAX_PACKAGE_JSON_BYTES : MAX_CONFIG_BYTES, 'configuration');
  let raw: unknown;
  try {
    raw = file.endsWith('.json') || file.endsWith('package.json') ? JSON.parse(text) : yaml.load(text, { filename: file });
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason + (error.mark ? ` (line ${error.mark.line + 1})` : '') : (error as Error).message.split('\n')[0];
    throw new UserError(`invalid configuration: ${reason}`, file);
  }
  if (file.endsWith('package.json')) {
    const section = (raw as Record<string, unknown> | null)?.policyAudit;
    return section === undefined ? undefined : validateConfig(section, `${file}#policyAudit`, knownRules);
  }
  // An empty .auditrc is a valid, empty configuration.
  return validateConfig(raw ?? {}, file, knownRules);
}

/** Finds the configuration that applies to each file, caching per directory. */
export class ConfigResolver {
  private readonly cache = new Map<string, AuditConfig>();

  constructor(
    private readonly knownRules: ReadonlySet<string>,
    /** A configuration named on the command line replaces the search. */
    private readonly explicit?: string,
  ) {}

  /** Whether the configuration that applies to `path` ignores it. */
  ignores(path: string): boolean {
    const config = this.forFile(path);
    if (config.ignore.length === 0 || !config.file) return false;
    const base = dirname(config.file.replace(/#policyAudit$/u, ''));
    const rel = relative(base, resolve(path)).split(sep).join('/');
    return picomatch(config.ignore, { dot: true })(rel);
  }

  /** Configuration suppressions that apply to `path`. */
  suppressionsFor(path: string): Array<{ rules: string[]; vendor?: string; section?: string; reason: string; origin: string }> {
    const config = this.forFile(path);
    if (!config.file || config.suppressions.length === 0) return [];
    const base = dirname(config.file.replace(/#policyAudit$/u, ''));
    const rel = relative(base, resolve(path)).split(sep).join('/');
    return config.suppressions
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.files.length === 0 || picomatch(s.files, { dot: true })(rel))
      .map(({ s, i }) => ({
        rules: s.rules,
        reason: s.reason,
        origin: `${config.file} suppressions[${i}]`,
        ...(s.vendor !== undefined ? { vendor: s.vendor } : {}),
        ...(s.section !== undefined ? { section: s.section } : {}),
      }));
  }

  forFile(path: string): AuditConfig {
    if (this.explicit) return this.forDirectory(`explicit:${resolve(this.explicit)}`);
    return this.forDirectory(dirname(resolve(path)));
  }

  private forDirectory(dir: string): AuditConfig {
    const cached = this.cache.get(dir);
    if (cached) return cached;
    let config: AuditConfig;
    if (dir.startsWith('explicit:')) {
      config = readConfigFile(dir.slice('explicit:'.length), this.knownRules) ?? emptyConfig();
    } else {
      config = this.search(dir);
    }
    this.cache.set(dir, config);
    return config;
  }

  private search(dir: string): AuditConfig {
    for (const name of CONFIG_FILES) {
      const file = join(dir, name);
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      const config = readConfigFile(file, this.knownRules);
      if (config) return config;
    }
    // The repository root ends the search, like the file system root.
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return emptyConfig();
    return this.forDirectory(parent);
  }
}
