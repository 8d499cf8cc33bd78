/**
 * The audit options a configuration file gives a policy: the same for the command
 * line and the library, so both read a file alike.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { AuditOptions } from '../audit.js';
import type { SiteEmbed } from '../analyse/site.js';
import { ruleIds } from '../analyse/rules.js';
import { knowledge } from '../knowledge/vendor-catalog.js';
import { findVendor } from '../report/vendor-docs.js';
import { UserError } from '../types.js';
import type { AuditConfig } from './config.js';
import { ConfigResolver } from './config.js';

/** Services the configuration says the site uses, as if found on a page (`vendors.uses`), cited at their line. */
export function usedVendors(names: readonly string[], file: string | undefined, cwd = process.cwd()): SiteEmbed[] {
  if (names.length === 0) return [];
  const k = knowledge();
  const path = file?.replace(/#policyAudit$/u, '');
  let lines: string[] = [];
  try {
    lines = path ? readFileSync(path, 'utf8').split('\n') : [];
  } catch {
    lines = [];
  }
  const shown = path ? relative(cwd, path) || path : '.auditrc';
  return names.map((name) => {
    const v = findVendor(k, name);
    if (!v) throw new UserError(`invalid configuration: key "vendors.uses" names "${name}", which is not in the vendor catalog (see: policy-audit vendors)`, file);
    const at = lines.findIndex((l) => l.includes(name));
    return { vendor: v, page: shown.startsWith('..') ? path! : shown, line: at >= 0 ? at + 1 : 1, how: 'vendors.uses' };
  });
}

/** `vendors.uses` of each configuration, resolved once (the resolver hands out one object per configuration file). */
const usedMemo = new WeakMap<AuditConfig, { cwd: string; used: SiteEmbed[] }>();

/** The options the configuration that applies to `config`'s file gives an audit. */
export function optionsFromConfig(resolver: ConfigResolver, path: string, config: AuditConfig, cwd: string): AuditOptions {
  // Not once per policy: that would read the configuration file again for every file it governs.
  let memo = usedMemo.get(config);
  if (!memo || memo.cwd !== cwd) usedMemo.set(config, (memo = { cwd, used: usedVendors(config.vendors.uses, config.file, cwd) }));
  const used = memo.used;
  return {
    cwd,
    rules: { ...config.rules },
    ...(config.language !== 'auto' ? { language: config.language } : {}),
    ...(config.jurisdiction !== 'auto' ? { jurisdiction: config.jurisdiction } : {}),
    suppressions: resolver.suppressionsFor(path),
    ignoreVendors: config.vendors.ignore,
    ...(config.ruleDirs.length ? { ruleDirs: config.ruleDirs } : {}),
    ...(used.length ? { siteEmbeds: used } : {}),
  };
}

/**
 * The configuration that applies to a policy file (the nearest .auditrc, .auditrc.json,
 * .auditrc.yaml or package.json "policyAudit" above it, or `configFile`), as audit options.
 * Throws UserError with one line for a broken configuration.
 */
export function loadConfig(path: string, options: { configFile?: string; cwd?: string } = {}): AuditOptions {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver(new Set(ruleIds()), options.configFile === undefined ? undefined : resolve(cwd, options.configFile));
  const full = resolve(cwd, path);
  return optionsFromConfig(resolver, full, resolver.forFile(full), cwd);
}
