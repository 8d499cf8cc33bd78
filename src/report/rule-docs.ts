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

/** Where a rule's findings are placed, by check kind: where a suppression comment goes. */
const ANCHOR: Record<string, Record<Language, string>> = {
  missing: {
    de: 'auf der Überschrift des Abschnitts, in den die fehlende Angabe gehört (etwa „Ihre Rechte“), sonst auf dem Titel der Erklärung. Ein <!-- policy-audit-disable-next-line … --> gehört in die Zeile über dieser Überschrift; <!-- policy-audit-disable-file … --> wirkt überall in der Datei.',
    en: 'on the heading of the section the missing statement belongs in (such as "Your rights"), else on the title of the policy. A <!-- policy-audit-disable-next-line … --> goes on the line above that heading; <!-- policy-audit-disable-file … --> works anywhere in the file.',
  },
  section: {
    de: 'auf der Überschrift des Abschnitts. Ein <!-- policy-audit-disable-next-line … --> gehört in die Zeile darüber.',
    en: 'on the heading of the section. A <!-- policy-audit-disable-next-line … --> goes on the line above it.',
  },
  vendor: {
    de: 'auf der ersten Nennung des Dienstes. Ein <!-- policy-audit-disable-next-line … --> gehört in die Zeile darüber; in der Konfiguration trifft `suppressions: [{rules: […], vendor: "…"}]` den Dienst überall.',
    en: 'on the first mention of the service. A <!-- policy-audit-disable-next-line … --> goes on the line above it; in the configuration, `suppressions: [{rules: […], vendor: "…"}]` matches the service everywhere.',
  },
  page: {
    de: 'auf dem Element der Seite, das den Dienst lädt (<script>, <link>, <iframe>, auch im <head>). Ein <!-- policy-audit-disable-next-line … --> gehört in die Zeile darüber, <!-- policy-audit-disable-line … --> in dieselbe Zeile.',
    en: 'on the page element that loads the service (<script>, <link>, <iframe>, in <head> too). A <!-- policy-audit-disable-next-line … --> goes on the line above it, <!-- policy-audit-disable-line … --> on the same line.',
  },
  statement: {
    de: 'auf der Aussage selbst. Ein <!-- policy-audit-disable-next-line … --> gehört in die Zeile darüber.',
    en: 'on the statement itself. A <!-- policy-audit-disable-next-line … --> goes on the line above it.',
  },
};
const ANCHOR_OF: Record<string, keyof typeof ANCHOR> = {
  presence: 'missing',
  dpo: 'missing',
  controller: 'missing',
  requires: 'missing',
  'eu-representative': 'missing',
  'section-basis': 'section',
  'vendor-transfer': 'vendor',
  'vendor-consent': 'vendor',
  undisclosed: 'page',
};

/** Where a rule's findings are placed (and so where a comment that suppresses one goes). */
export function anchorOf(r: RuleDefinition, lang: Language): string {
  return ANCHOR[ANCHOR_OF[r.check.kind] ?? 'statement']![lang];
}

export function formatExplain(r: RuleDefinition, lang: Language): string {
  const label = lang === 'de'
    ? { level: 'Stufe', law: 'Rechtsgrundlage', checks: 'Was die Regel prüft', fix: 'So beheben Sie es', where: 'Wo die Meldung steht', more: 'Mehr' }
    : { level: 'Level', law: 'Law', checks: 'What it checks', fix: 'How to fix the text', where: 'Where findings are placed', more: 'More' };
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
    `${label.where}:`,
    `  ${anchorOf(r, lang)}`,
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
