/**
 * The library API the CLI is built on. It never prints and never exits: a
 * file that cannot be read becomes a result with `fatal` set.
 */
import type { JurisdictionId } from './knowledge/jurisdictions.js';
import { jurisdictionOf } from './statements/jurisdiction.js';
import type { EngineOptions } from './analyse/engine.js';
import { compareFindings, runRules } from './analyse/engine.js';
import { ruleIds, rulesWith } from './analyse/rules.js';
import type { SiteEmbed } from './analyse/site.js';
import { siteFindings } from './analyse/site.js';
import { knowledge } from './knowledge/vendor-catalog.js';
import type { ConfigSuppression, SuppressedFinding } from './analyse/suppress.js';
import { applySuppressions } from './analyse/suppress.js';
import { PolicyDocument } from './document/document.js';
import type { SourceFile } from './load/inputs.js';
import { MAX_FILE_BYTES, readSource, sniffFormat, sourceFromBytes, tooLarge } from './load/inputs.js';
import type { ChecklistItem, Finding, Language, ServiceRow, SourceFormat } from './types.js';
import { vendorMentions } from './statements/mentions.js';
import { UserError } from './types.js';
import { unsupportedLanguage } from './document/language.js';
import { looksLikePolicy } from './document/policy-kind.js';
import { DEFAULT_BUDGET, overTime } from './budget.js';
import type { BaselineState } from './load/baseline.js';

export interface AuditOptions extends EngineOptions {
  /** Format of the text; default: from the file name, else sniffed. */
  format?: SourceFormat;
  /** Language of the policy; default: detected. */
  language?: Language;
  /** Name reported for text that has no file (stdin). */
  filePath?: string;
  /** Base directory for relative paths. */
  cwd?: string;
  /** Suppressions from the configuration that apply to this file. */
  suppressions?: ConfigSuppression[];
  /** Services a built website loads (--site): each one the policy does not name is reported. */
  siteEmbeds?: SiteEmbed[];
  /** Service names (catalog names, ids or aliases) whose findings are left out. */
  ignoreVendors?: string[];
  /** Directories of the user's own rules, run beside the built-in ones. */
  ruleDirs?: string[];
  /** Larger files and inputs are not audited (default: 10 MB). */
  maxFileBytes?: number;
  /**
   * Audit the text only if it reads as a privacy policy (by its title, what it calls itself or
   * its words); otherwise the result is `skipped`. For files a directory walk or glob found.
   */
  onlyPolicies?: boolean;
  /** Time budget per file in ms (default 30 s): past it the file is one fatal line, "too complex to audit within …". */
  maxTimeMs?: number;
  /**
   * auditFile only: read the configuration that applies to the file (the nearest .auditrc
   * and its kin, as the command line does), or the one named; options given here win.
   */
  config?: boolean | string;
  /** Also list the Art. 13 checklist in the result (`checklist`), for reports that show what passed. */
  withChecklist?: boolean;
}

export interface AuditResult {
  filePath: string;
  format?: SourceFormat;
  encoding?: string;
  language?: Language;
  /** The law the policy was read against, and how that was found. */
  jurisdiction?: { id: JurisdictionId; because: string };
  findings: Finding[];
  /** With `withChecklist`: the Art. 13 items, stated or missing, as the text has them (suppressions do not change them). */
  checklist?: ChecklistItem[];
  /** With `withChecklist`: the services the policy says the site uses, with the catalog's facts. */
  services?: ServiceRow[];
  /** Findings a suppression comment or configuration entry took out, with its reason. */
  suppressed?: SuppressedFinding[];
  /** With `--baseline`: the findings the baseline holds (not in `findings`) and those fixed since. */
  baseline?: BaselineState;
  /** Set when the file could not be audited at all (missing, unreadable, binary, broken configuration). */
  fatal?: string;
  /** The file the fatal problem lies in, when it is not the policy itself (its configuration). */
  fatalFile?: string;
  /** Set when the file was not audited because it is not a privacy policy (`onlyPolicies`): why. */
  skipped?: string;
}

function auditSource(src: SourceFile, options: AuditOptions): AuditResult {
  const maxTimeMs = options.maxTimeMs ?? DEFAULT_BUDGET.maxTimeMs;
  const deadline = { at: performance.now() + maxTimeMs, maxTimeMs };
  const doc = new PolicyDocument({
    path: src.path,
    source: src.text,
    format: src.format,
    encoding: src.encoding,
    ...(options.language ? { language: options.language } : {}),
  });
  // An empty file is bad input wherever it was found; a page of markup only (an app shell) is no policy.
  if (options.onlyPolicies && src.text.trim() !== '') {
    const title = doc.titleRange();
    if (doc.text.trim() === '' || !looksLikePolicy(doc.text, doc.slice(title.start, title.end))) {
      return { filePath: src.path, format: src.format, encoding: src.encoding, findings: [], skipped: 'not a privacy policy (neither its name, its title nor its words say so)' };
    }
  }
  if (doc.text.trim() === '') throw new UserError(src.text.trim() === '' ? 'the file is empty' : 'no policy text found (only markup, scripts or hidden elements)', src.path);
  if (!options.language) {
    const other = unsupportedLanguage(doc.text);
    if (other) throw new UserError(`language ${other} is not supported; policy-audit reads German and English (set "language: de" or "en" in .auditrc to audit it anyway)`, src.path);
  }
  if (!options.ruleSet && options.ruleDirs?.length) options = { ...options, ruleSet: rulesWith(options.ruleDirs) };
  const lang = options.messageLanguage ?? doc.language;
  const undisclosedLevel = options.rules?.['undisclosed-tracker'] ?? 'error';
  // Parsing may have used the budget up already.
  if (performance.now() > deadline.at) throw new UserError(overTime(deadline), src.path);
  const checklist: ChecklistItem[] | undefined = options.withChecklist ? [] : undefined;
  const all = runRules(doc, { ...options, deadline, ...(checklist ? { checklist } : {}) });
  if (options.siteEmbeds?.length && undisclosedLevel !== 'off') {
    const already = new Set(all.filter((f) => f.ruleId === 'undisclosed-tracker').map((f) => f.vendor));
    for (const f of siteFindings(doc, options.siteEmbeds, undisclosedLevel, lang)) if (!already.has(f.vendor)) all.push(f);
  }
  const unusedLevel = options.rules?.['unused-suppression'] ?? 'warning';
  const { kept, suppressed, unused } = applySuppressions(doc, all, {
    knownRules: new Set(options.ruleSet?.map((r) => r.definition.id) ?? ruleIds()),
    config: options.suppressions ?? [],
    unusedLevel,
    lang,
  });
  const ignored = new Set((options.ignoreVendors ?? []).map((n) => n.toLowerCase()));
  const vendorIgnored = (f: Finding): boolean => {
    if (f.vendor === undefined || ignored.size === 0) return false;
    const v = knowledge().vendors.find((x) => x.name === f.vendor);
    return ignored.has(f.vendor.toLowerCase()) || (v !== undefined && (ignored.has(v.id) || v.aliases.some((a) => ignored.has(a.toLowerCase()))));
  };
  const findings = [...kept, ...unused].filter((f) => !vendorIgnored(f)).sort(compareFindings);
  const { profile, because } = jurisdictionOf(doc, options.jurisdiction);
  const result: AuditResult = { filePath: src.path, format: src.format, encoding: src.encoding, language: doc.language, jurisdiction: { id: profile.id, because }, findings };
  if (suppressed.length) result.suppressed = suppressed;
  if (checklist) {
    result.checklist = checklist;
    result.services = servicesOf(doc);
  }
  return result;
}

/** The services used, in the order the policy first names them (group names under a product left out). */
function servicesOf(doc: PolicyDocument): ServiceRow[] {
  const rows = new Map<string, ServiceRow>();
  for (const m of vendorMentions(doc)) {
    if (m.hidden) continue;
    const row = rows.get(m.vendor.id);
    if (row) {
      row.mentions++;
      continue;
    }
    const v = m.vendor;
    const r: ServiceRow = { name: v.name, company: v.company, country: v.processingCountry, consent: { required: v.consent.required, basis: v.consent.basis }, place: doc.place(m.start, m.end), mentions: 1 };
    if (v.euEntity) r.euEntity = v.euEntity;
    if (v.dpf) r.dpf = { ...v.dpf };
    rows.set(v.id, r);
  }
  return [...rows.values()];
}

/** Audit policy text held in memory. Bad input (empty text, an unsupported language) is a result with `fatal` set. */
export function audit(text: string, options: AuditOptions = {}): AuditResult {
  const filePath = options.filePath ?? '<text>';
  try {
    return auditSource({ path: filePath, text, format: options.format ?? sniffFormat(text), encoding: 'utf-8' }, options);
  } catch (error) {
    return failed(filePath, error);
  }
}

/** Audit raw bytes (stdin, a buffer): the charset is detected as for files. */
export function auditBytes(bytes: Uint8Array, options: AuditOptions = {}): AuditResult {
  const filePath = options.filePath ?? '<stdin>';
  try {
    const max = options.maxFileBytes ?? MAX_FILE_BYTES;
    if (bytes.length > max) throw new UserError(tooLarge(bytes.length, max), filePath);
    return auditSource(sourceFromBytes(bytes, filePath, options.format), options);
  } catch (error) {
    return failed(filePath, error);
  }
}

/** Audit one file. A problem with the file is returned as `fatal`, not thrown. */
export async function auditFile(path: string, options: AuditOptions = {}): Promise<AuditResult> {
  try {
    if (options.config) {
      const { loadConfig } = await import('./load/options.js');
      const fromConfig = loadConfig(path, { ...(typeof options.config === 'string' ? { configFile: options.config } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
      const { config: _config, ...given } = options;
      options = { ...fromConfig, ...given, rules: { ...fromConfig.rules, ...given.rules } };
    }
    const src = await readSource(path, options.cwd, options.maxFileBytes);
    if (options.format) src.format = options.format;
    return auditSource(src, options);
  } catch (error) {
    return failed(path, error);
  }
}

function failed(filePath: string, error: unknown): AuditResult {
  if (error instanceof UserError) return { filePath, findings: [], fatal: error.message };
  // Anything else is a defect in policy-audit; still one line, and the run goes on.
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { filePath, findings: [], fatal: `internal error: ${message}` };
}
