/**
 * Suppressions, as ESLint's disable comments work:
 *
 *   <!-- policy-audit-disable dpo-contact -- a club of five needs no DPO -->
 *   <!-- policy-audit-enable dpo-contact -->
 *   <!-- policy-audit-disable-next-line third-country-transfer -- SCC signed 2024 -->
 *   <script src="…"></script> <!-- policy-audit-disable-line undisclosed-tracker -->
 *   <!-- policy-audit-disable-file dpo-contact -- anywhere in the file: the whole file -->
 *
 * in HTML and Markdown, and `suppressions` entries in the configuration for any
 * file (plain text has no comments). A directive without rule ids covers all
 * rules. A directive that suppresses nothing is reported, so stale ones do not
 * pile up.
 */
import type { PolicyDocument } from '../document/document.js';
import type { Finding, Level } from '../types.js';
import { ure } from '../unicode-regexp.js';

export interface SuppressedFinding {
  finding: Finding;
  /** The reason given after "--" or in the configuration. */
  justification?: string;
  /** Suppressed by the configuration rather than by a comment in the policy (SARIF: kind "external"). */
  external?: boolean;
}

/** A suppression from the configuration, already matched to this file. */
export interface ConfigSuppression {
  rules: string[];
  vendor?: string;
  section?: string;
  reason?: string;
  /** Where it was written, for the unused report. */
  origin: string;
}

interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line' | 'disable-file';
  rules: string[];
  reason?: string;
  start: number;
  end: number;
  line: number;
  endLine: number;
  used: boolean;
}

const DIRECTIVE = ure(/^\s*policy-audit-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])([\s\S]*)$/u);

function parseDirectives(doc: PolicyDocument): Directive[] {
  const out: Directive[] = [];
  for (const c of doc.comments) {
    const m = DIRECTIVE.exec(c.value);
    if (!m) continue;
    const [spec, ...why] = m[2]!.split(/\s--\s|\s--$/u);
    const rules = (spec ?? '')
      .split(/[\s,]+/u)
      .map((r) => r.trim())
      .filter(Boolean);
    const reason = why.join(' -- ').trim();
    const place = doc.sourcePlace(c.start, c.end);
    out.push({
      kind: m[1] as Directive['kind'],
      rules,
      ...(reason ? { reason } : {}),
      start: c.start,
      end: c.end,
      line: place.start.line,
      endLine: place.end.line,
      used: false,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

const covers = (d: { rules: string[] }, ruleId: string): boolean => d.rules.length === 0 || d.rules.includes(ruleId);

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  /** Findings of the rule `unused-suppression` for directives and entries that suppressed nothing. */
  unused: Finding[];
}

export interface SuppressionOptions {
  knownRules: ReadonlySet<string>;
  config: readonly ConfigSuppression[];
  /** Level of unused-suppression findings, or "off". */
  unusedLevel: Level | 'off';
  lang: 'de' | 'en';
}

export function applySuppressions(doc: PolicyDocument, findings: readonly Finding[], options: SuppressionOptions): SuppressionOutcome {
  const directives = parseDirectives(doc);
  const config = options.config.map((c) => ({ ...c, used: false }));
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const at = f.place.start.offset;
    let by: { reason?: string; origin?: string } | undefined;
    // Ranges: the last disable/enable for this rule before the finding decides.
    let open: Directive | undefined;
    for (const d of directives) {
      if (d.start > at) break;
      if (d.kind === 'disable' && covers(d, f.ruleId)) open = d;
      else if (d.kind === 'enable' && covers(d, f.ruleId)) open = undefined;
    }
    if (open) {
      open.used = true;
      by = open;
    }
    for (const d of directives) {
      if (!covers(d, f.ruleId)) continue;
      const line = f.place.start.line;
      const hit =
        (d.kind === 'disable-next-line' && d.endLine + 1 === line) || (d.kind === 'disable-line' && line >= d.line && line <= d.endLine) || d.kind === 'disable-file';
      if (!hit) continue;
      d.used = true;
      by ??= d;
    }
    for (const c of config) {
      if (!covers(c, f.ruleId)) continue;
      if (c.vendor !== undefined && c.vendor.toLowerCase() !== (f.vendor ?? '').toLowerCase()) continue;
      if (c.section !== undefined && c.section.toLowerCase() !== (f.section ?? '').toLowerCase()) continue;
      c.used = true;
      by ??= c;
    }
    if (by) suppressed.push({ finding: f, ...(by.reason ? { justification: by.reason } : {}), ...('origin' in by && by.origin !== undefined ? { external: true } : {}) });
    else kept.push(f);
  }
  const unused: Finding[] = [];
  if (options.unusedLevel !== 'off') {
    const level = options.unusedLevel;
    for (const d of directives) {
      if (d.kind === 'enable') continue;
      const unknown = d.rules.filter((r) => !options.knownRules.has(r));
      if (d.used && unknown.length === 0) continue;
      const what = d.rules.length ? d.rules.join(', ') : options.lang === 'de' ? 'alle Regeln' : 'all rules';
      const message = unknown.length
        ? options.lang === 'de'
          ? `Die Unterdrückung nennt unbekannte Regeln: ${unknown.join(', ')}.`
          : `The suppression names unknown rules: ${unknown.join(', ')}.`
        : options.lang === 'de'
          ? `Unbenutzte Unterdrückung (policy-audit-${d.kind} ${what}): sie unterdrückt keine Meldung.`
          : `Unused suppression (policy-audit-${d.kind} ${what}): it suppresses no finding.`;
      unused.push({ ruleId: 'unused-suppression', level, message, place: doc.sourcePlace(d.start, d.end), excerpt: `policy-audit-${d.kind} ${what}` });
    }
    for (const c of config) {
      if (c.used) continue;
      const title = doc.titleRange();
      const message =
        options.lang === 'de'
          ? `Unbenutzte Unterdrückung in ${c.origin} (${c.rules.join(', ') || 'alle Regeln'}): sie unterdrückt keine Meldung in dieser Datei.`
          : `Unused suppression in ${c.origin} (${c.rules.join(', ') || 'all rules'}): it suppresses no finding in this file.`;
      unused.push({ ruleId: 'unused-suppression', level, message, place: doc.place(title.start, title.end), excerpt: c.origin });
    }
  }
  return { kept, suppressed, unused };
}
