/**
 * Views of the rules themselves, from the same data the engine runs:
 * the `policy-audit rules` table, `policy-audit explain <id>`, and the
 * Markdown page per rule in docs/rules/ that each rule's help URL points at.
 */
import type { RuleDefinition } from '../analyse/rule-schema.js';
import type { Language } from '../types.js';

const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - s.length));

export function formatRuleTable(rules: readonly RuleDefinition[], lang: Language): string {
  const rows = rules.map((r) => [r.id, r.level, r.reference.cite[lang], r.title[lang]]);
  const head = lang === 'de' ? ['Regel', 'Stufe', 'Rechtsgrundlage', 'Titel'] : ['rule', 'level', 'reference', 'title'];
  const all = [head, ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((row) => row[i]!.length)));
  return `${all.map((row) => `${pad(row[0]!, widths[0]!)}  ${pad(row[1]!, widths[1]!)}  ${pad(row[2]!, widths[2]!)}  ${row[3]}`.trimEnd()).join('\n')}\n`;
}

export function formatExplain(r: RuleDefinition, lang: Language): string {
  const label = lang === 'de'
    ? { level: 'Stufe', law: 'Rechtsgrundlage', checks: 'Was die Regel prüft', fix: 'So beheben Sie es', more: 'Mehr' }
    : { level: 'Level', law: 'Law', checks: 'What it checks', fix: 'How to fix the text', more: 'More' };
  return [
    `${r.id}: ${r.title[lang]}`,
    '',
    `${label.level}: ${r.level}    ${label.law}: ${r.reference.cite[lang]}`,
    '',
    `${label.checks}:`,
    `  ${r.description[lang]}`,
    '',
    `${label.fix}:`,
    `  ${r.fix[lang]}`,
    '',
    `${label.more}: ${r.helpUri}`,
    '',
  ].join('\n');
}

/** The documentation page of one rule, in both languages. */
export function ruleDocPage(r: RuleDefinition): string {
  const section = (lang: Language, heads: [string, string, string, string]): string =>
    [
      `## ${heads[0]}`,
      '',
      `**${r.title[lang]}** — ${heads[1]} \`${r.level}\`, ${r.reference.cite[lang]}.`,
      '',
      `${heads[2]}: ${r.message[lang]}`,
      '',
      r.description[lang],
      '',
      `### ${heads[3]}`,
      '',
      r.fix[lang],
      '',
    ].join('\n');
  return [
    `# ${r.id}`,
    '',
    `<!-- Generated from rules/${r.id}.yaml by \`npm run docs\`; edit the rule file, not this page. -->`,
    '',
    `Tags: ${r.tags.map((t) => `\`${t}\``).join(', ')} · precision: ${r.precision}`,
    '',
    section('de', ['Deutsch', 'Stufe', 'Meldung', 'So beheben Sie es']),
    section('en', ['English', 'level', 'Message', 'How to fix it']),
  ].join('\n');
}
