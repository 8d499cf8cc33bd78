/**
 * A readable report for a pull-request comment or a consultant's client:
 * a summary table, then the findings of each file grouped by section, with
 * the quoted policy text and what to fix.
 */
import type { AuditResult } from '../audit.js';
import type { RuleDefinition } from '../analyse/rule-schema.js';
import type { Finding, Language, Level } from '../types.js';
import { sanitizeLine } from './sanitize.js';
import { checklistOrder, itemTitle } from './checklist.js';

export interface MarkdownOptions {
  rules: readonly RuleDefinition[];
  lang?: Language;
  version?: string;
  lawStand?: string;
}

type Key = Level | 'file' | 'total' | 'fix' | 'title' | 'none' | 'suppressed' | 'unreadable' | 'document' | 'line' | 'verdict' | 'bad' | 'minor' | 'ok' | 'checklist' | 'item' | 'status' | 'where' | 'present' | 'missing' | 'na' | 'off';
const LABEL: Record<Language, Record<Key, string>> = {
  de: {
    title: 'Prüfbericht Datenschutzerklärung', file: 'Datei', error: 'Fehler', warning: 'Warnungen', info: 'Hinweise', total: 'Summe',
    fix: 'So beheben Sie es', none: 'Keine Befunde.', suppressed: 'unterdrückt', unreadable: 'nicht lesbar', document: 'Ganzes Dokument', line: 'Zeile',
    verdict: 'Ergebnis', bad: 'Die Erklärung hat Mängel, die vor der Veröffentlichung behoben werden sollten.', minor: 'Keine Fehler, aber Punkte, die geprüft werden sollten.', ok: 'Keine Befunde.',
    checklist: 'Pflichtangaben nach Art. 13 DSGVO', item: 'Angabe', status: 'Stand', where: 'Fundstelle', present: '✅ vorhanden', missing: '❌ fehlt', na: '➖ trifft nicht zu', off: '➖ nicht geprüft',
  },
  en: {
    title: 'Privacy policy audit', file: 'File', error: 'Errors', warning: 'Warnings', info: 'Notes', total: 'Total',
    fix: 'How to fix', none: 'No findings.', suppressed: 'suppressed', unreadable: 'unreadable', document: 'Whole document', line: 'line',
    verdict: 'Verdict', bad: 'The policy has defects that should be fixed before it is published.', minor: 'No errors, but points worth checking.', ok: 'No findings.',
    checklist: 'Information required by Art. 13 GDPR', item: 'Item', status: 'Status', where: 'Where', present: '✅ present', missing: '❌ missing', na: '➖ does not apply', off: '➖ not checked',
  },
};

const ICON: Record<Level, string> = { error: '🔴', warning: '🟠', info: '🔵' };

/** Text from a policy inside Markdown: no control characters, no markup that could break the report. */
const md = (s: string): string => sanitizeLine(s).replace(/([\\`*_{}[\]<>|#])/gu, '\\$1');

export function formatMarkdown(results: readonly AuditResult[], options: MarkdownOptions): string {
  const lang = options.lang ?? 'en';
  const L = LABEL[lang];
  const rules = new Map(options.rules.map((r) => [r.id, r]));
  const count = (r: AuditResult, level: Level): number => r.findings.filter((f) => f.level === level).length;
  const lines: string[] = [`# ${L.title}`, ''];
  if (options.version) lines.push(`policy-audit ${options.version}${options.lawStand ? ` · ${lang === 'de' ? 'Rechtsstand' : 'law as of'} ${options.lawStand}` : ''}`, '');
  lines.push(`| ${L.file} | ${L.error} | ${L.warning} | ${L.info} | ${L.suppressed} |`, '| --- | ---: | ---: | ---: | ---: |');
  const totals = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const r of results) {
    if (r.fatal !== undefined) {
      lines.push(`| ${md(r.filePath)} | ${L.unreadable}: ${md(r.fatal)} | | | |`);
      continue;
    }
    const c = { error: count(r, 'error'), warning: count(r, 'warning'), info: count(r, 'info'), suppressed: r.suppressed?.length ?? 0 };
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += c[k];
    lines.push(`| ${md(r.filePath)} | ${c.error} | ${c.warning} | ${c.info} | ${c.suppressed} |`);
  }
  if (results.length > 1) lines.push(`| **${L.total}** | **${totals.error}** | **${totals.warning}** | **${totals.info}** | **${totals.suppressed}** |`);
  lines.push('');
  for (const r of results) {
    if (r.fatal !== undefined) continue;
    lines.push(`## ${md(r.filePath)}`, '');
    const c = { error: count(r, 'error'), warning: count(r, 'warning'), info: count(r, 'info') };
    const say = c.error > 0 ? L.bad : c.warning > 0 ? L.minor : L.ok;
    lines.push(`**${L.verdict}:** ${c.error} ${L.error}, ${c.warning} ${L.warning}, ${c.info} ${L.info}. ${say}`, '');
    if (r.checklist?.length) {
      lines.push(`<details><summary>${L.checklist}</summary>`, '', `| ${L.item} | ${L.status} | ${L.where} |`, '| --- | --- | --- |');
      for (const i of checklistOrder(r.checklist)) {
        const status = i.status === 'present' ? L.present : i.status === 'missing' ? L.missing : i.status === 'off' ? L.off : L.na;
        const where = i.place ? `${L.line} ${i.place.start.line}${i.excerpt ? `: ${lang === 'de' ? '„' : '“'}${md(i.excerpt)}${lang === 'de' ? '“' : '”'}` : i.section ? ` (${md(i.section)})` : ''}` : '';
        lines.push(`| ${md(itemTitle(i, lang, rules, lang))} | ${status}${i.findings ? ` (${i.findings}×)` : ''} | ${where} |`);
      }
      lines.push('', '</details>', '');
    }
    // With a baseline: how many it holds, and what was fixed since.
    if (r.baseline) {
      const b = r.baseline;
      lines.push(
        lang === 'de'
          ? `${r.findings.length} neu, ${b.unchanged.length} aus der Baseline (nicht aufgeführt), ${b.fixed.length} seitdem behoben.`
          : `${r.findings.length} new, ${b.unchanged.length} in the baseline (not listed), ${b.fixed.length} fixed since.`,
        '',
      );
      for (const e of b.fixed) lines.push(`- ✅ ${lang === 'de' ? 'behoben' : 'fixed'}: ${md(e.message)}${e.vendor ? ` (${md(e.vendor)})` : ''} — \`${md(e.ruleId)}\``);
      if (b.fixed.length) lines.push('');
    }
    if (r.findings.length === 0) {
      lines.push(L.none, '');
      continue;
    }
    const bySection = new Map<string, Finding[]>();
    for (const f of r.findings) {
      const key = f.section ?? L.document;
      bySection.set(key, [...(bySection.get(key) ?? []), f]);
    }
    for (const [section, findings] of bySection) {
      lines.push(`### ${md(section)}`, '');
      for (const f of findings) {
        const rule = rules.get(f.ruleId);
        const vendor = f.vendor ? ` (${md(f.vendor)})` : '';
        lines.push(`- ${ICON[f.level]} **${md(f.message)}**${vendor} — \`${f.ruleId}\`, ${L.line} ${f.place.start.line}${rule ? `, ${rule.reference.cite[lang]}` : ''}`);
        if (f.excerpt) lines.push(`  > ${md(f.excerpt)}`);
        for (const rel of f.related ?? []) lines.push(`  > ${md(rel.message)} (${L.line} ${rel.place.start.line})`);
        if (rule) lines.push(`  ${L.fix}: ${md(rule.fix[lang])}`);
      }
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
