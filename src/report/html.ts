/**
 * The HTML report (`--format html`): one self-contained page per policy for a
 * data-protection officer and the client they audit for: a verdict, the Art. 13
 * checklist with what passed and where, the findings by section with the quoted
 * text, the law and the fix, and the services with the catalog's facts. A batch
 * gets an index page that compares the policies (severity per policy and per
 * rule, the checklist as a grid).
 *
 * Safe by construction: no scripts, fonts or images from anywhere (a
 * Content-Security-Policy forbids them), every piece of policy text escaped,
 * no link made from the policy's own addresses.
 */
import type { AuditResult } from '../audit.js';
import type { RuleDefinition } from '../analyse/rule-schema.js';
import type { ChecklistItem, Finding, Language, Level, ServiceRow } from '../types.js';
import { isAbsolute, relative } from 'node:path';
import { sanitize } from './sanitize.js';
import { jurisdictions } from '../knowledge/jurisdictions.js';
import { checklistOrder, itemTitle } from './checklist.js';

export interface HtmlOptions {
  rules: readonly RuleDefinition[];
  lang: Language;
  version: string;
  lawStand: string;
  /** The audit date (YYYY-MM-DD). */
  date: string;
  /** Paths under this folder are shown relative to it. */
  cwd?: string;
  /** The language was asked for (--lang): every page in it; else each policy's page in the policy's language. */
  fixedLang?: boolean;
}

/** The language of one policy's part of the report (its findings are written in it). */
const langOf = (r: AuditResult, o: HtmlOptions): Language => (o.fixedLang ? o.lang : (r.language ?? o.lang));

/** A policy's path as the report shows it: relative to the working folder when inside it. */
function shownPath(r: AuditResult, o: HtmlOptions): string {
  if (r.filePath.startsWith('<') || !o.cwd || !isAbsolute(r.filePath)) return r.filePath;
  const rel = relative(o.cwd, r.filePath);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : r.filePath;
}

const T = {
  de: {
    title: 'Prüfbericht Datenschutzerklärung', batch: 'Prüfbericht: Übersicht', file: 'Datei', verdict: 'Ergebnis',
    error: 'Fehler', warning: 'Warnungen', info: 'Hinweise', errorOne: 'Fehler', warningOne: 'Warnung', infoOne: 'Hinweis',
    ok: 'Keine Befunde: die geprüften Angaben sind vorhanden.', bad: 'Die Erklärung hat Mängel, die vor der Veröffentlichung behoben werden sollten.',
    minor: 'Keine Fehler, aber Punkte, die geprüft werden sollten.', serious: 'Die wichtigsten Befunde',
    checklist: 'Pflichtangaben nach Art. 13 DSGVO', item: 'Angabe', status: 'Stand', where: 'Fundstelle',
    present: 'vorhanden', missing: 'fehlt', na: 'trifft nicht zu', off: 'nicht geprüft', line: 'Zeile',
    findings: 'Befunde nach Abschnitt', document: 'Ganzes Dokument', law: 'Rechtsgrundlage', fix: 'So beheben Sie es', evidence: 'Belege',
    services: 'Eingesetzte Dienste', service: 'Dienst', company: 'Unternehmen', country: 'Land', dpf: 'EU-US Data Privacy Framework',
    consent: 'Einwilligung', says: 'Befunde dazu', certified: 'zertifiziert', notCertified: 'nicht zertifiziert', unknown: 'unbekannt', asOf: 'Stand',
    needed: 'nötig', depends: 'je nach Einsatz', notNeeded: 'nicht nötig', noFinding: 'keiner', named: 'genannt in Zeile', times: 'mal',
    noServices: 'Die Erklärung nennt keine Dienste aus dem Katalog als eingesetzt.', lawStand: 'Rechtsstand', tool: 'Werkzeug', date: 'Prüfdatum',
    jurisdiction: 'Geprüft nach', disclaimer: 'Dieser Bericht ist eine Hilfe bei der Prüfung, keine Rechtsberatung. Er liest den Text der Erklärung; ob er die tatsächliche Verarbeitung richtig beschreibt, kann nur prüfen, wer die Website und ihre Dienste kennt.',
    unreadable: 'nicht lesbar', skipped: 'übersprungen', policies: 'Erklärungen', perPolicy: 'Befunde je Erklärung', perRule: 'Befunde je Regel',
    grid: 'Pflichtangaben im Vergleich', rule: 'Regel', total: 'Summe', open: 'Bericht öffnen', noneRule: 'Keine Befunde.', suppressed: 'unterdrückt',
    baseline: 'Baseline', fixed: 'seitdem behoben', fromBaseline: 'aus der Baseline (nicht aufgeführt)', news: 'neu',
  },
  en: {
    title: 'Privacy policy audit', batch: 'Privacy policy audit: overview', file: 'File', verdict: 'Verdict',
    error: 'Errors', warning: 'Warnings', info: 'Notes', errorOne: 'error', warningOne: 'warning', infoOne: 'note',
    ok: 'No findings: the information checked is there.', bad: 'The policy has defects that should be fixed before it is published.',
    minor: 'No errors, but points worth checking.', serious: 'The most serious findings',
    checklist: 'Information required by Art. 13 GDPR', item: 'Item', status: 'Status', where: 'Where',
    present: 'present', missing: 'missing', na: 'does not apply', off: 'not checked', line: 'line',
    findings: 'Findings by section', document: 'Whole document', law: 'Law', fix: 'How to fix', evidence: 'Evidence',
    services: 'Services used', service: 'Service', company: 'Company', country: 'Country', dpf: 'EU-US Data Privacy Framework',
    consent: 'Consent', says: 'Findings on it', certified: 'certified', notCertified: 'not certified', unknown: 'unknown', asOf: 'as of',
    needed: 'needed', depends: 'depends on use', notNeeded: 'not needed', noFinding: 'none', named: 'named on line', times: 'times',
    noServices: 'The policy names no catalog service as used.', lawStand: 'Law as of', tool: 'Tool', date: 'Audit date',
    jurisdiction: 'Read under', disclaimer: 'This report is an aid to an audit, not legal advice. It reads the policy\'s text; whether the text describes the actual processing can only be checked by someone who knows the website and its services.',
    unreadable: 'unreadable', skipped: 'skipped', policies: 'policies', perPolicy: 'Findings per policy', perRule: 'Findings per rule',
    grid: 'Required information compared', rule: 'Rule', total: 'Total', open: 'open report', noneRule: 'No findings.', suppressed: 'suppressed',
    baseline: 'Baseline', fixed: 'fixed since', fromBaseline: 'in the baseline (not listed)', news: 'new',
  },
} as const;

type Labels = (typeof T)[Language];

const LEVELS: readonly Level[] = ['error', 'warning', 'info'];
const COLOR: Record<Level, string> = { error: '#b3261e', warning: '#8a5300', info: '#1f5fa8' };

/** Text for an HTML text node or a quoted attribute: nothing in it can open markup. */
export function escapeHtml(text: string): string {
  return sanitize(text).replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
}
const h = escapeHtml;

const STYLE = `
:root{color-scheme:light}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1b1b;background:#fff;margin:0}
main{max-width:62rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d0d0}h3{font-size:1.1rem;margin:1.4rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #c8c8c8;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#404040;font-size:.9rem}.meta dt{font-weight:600;display:inline}.meta dd{display:inline;margin:0 1rem 0 .3rem}
p.bar{display:flex;align-items:center;gap:.5rem}
.verdict{border-left:6px solid #404040;background:#f6f6f6;padding:.8rem 1rem}.verdict.error{border-color:${COLOR.error}}.verdict.warning{border-color:${COLOR.warning}}.verdict.ok{border-color:#1e6b30}
.lvl{display:inline-block;min-width:5.5rem;font-weight:700}.lvl.error{color:${COLOR.error}}.lvl.warning{color:${COLOR.warning}}.lvl.info{color:${COLOR.info}}
.present{color:#1e6b30;font-weight:600}.missing{color:${COLOR.error};font-weight:600}.na,.off{color:#505050}
.finding{border:1px solid #d0d0d0;border-radius:4px;padding:.6rem .8rem;margin:.6rem 0}
.finding p{margin:.25rem 0}blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid #9a9a9a;background:#fafafa}
mark{background:#fff0a8;color:#1b1b1b}.rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
footer{margin-top:2.5rem;padding-top:.8rem;border-top:1px solid #d0d0d0;color:#404040;font-size:.9rem}
svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}
a{color:#0b57a4}
th.v{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:600;font-size:.8rem;max-height:16rem;padding:.4rem .2rem}
td.grid{text-align:center}
.scroll{overflow-x:auto}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

function page(lang: Language, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policy-audit">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const count = (r: AuditResult, level: Level): number => r.findings.filter((f) => f.level === level).length;

/** A horizontal bar of errors, warnings and notes, drawn as SVG with its figures as text. */
function severityBar(counts: Record<Level, number>, L: Labels, width = 320): string {
  const total = LEVELS.reduce((s, l) => s + counts[l], 0);
  const label = LEVELS.map((l) => `${counts[l]} ${L[l]}`).join(', ');
  let x = 0;
  const parts = total === 0 ? [`<rect x="0" y="0" width="${width}" height="14" fill="#e4e4e4"/>`] : LEVELS.filter((l) => counts[l] > 0).map((l) => {
    const w = Math.max(2, Math.round((counts[l] / total) * width));
    const rect = `<rect x="${x}" y="0" width="${w}" height="14" fill="${COLOR[l]}"><title>${counts[l]} ${h(L[l])}</title></rect>`;
    x += w;
    return rect;
  });
  return `<p class="bar"><svg aria-hidden="true" width="${width}" height="14" viewBox="0 0 ${width} 14">${parts.join('')}</svg> ${h(label)}</p>`;
}

function place(f: { place: { start: { line: number; column: number } } }, L: Labels): string {
  return `${L.line} ${f.place.start.line}`;
}

function statusText(s: ChecklistItem['status'], L: Labels): string {
  return s === 'present' ? L.present : s === 'missing' ? L.missing : s === 'off' ? L.off : L.na;
}
const STATUS_MARK: Record<ChecklistItem['status'], string> = { present: '✓', missing: '✗', 'not-applicable': '–', off: '–' };
const statusClass = (s: ChecklistItem['status']): string => (s === 'not-applicable' ? 'na' : s);

function checklistTable(items: readonly ChecklistItem[], L: Labels, lang: Language, rules: ReadonlyMap<string, RuleDefinition>): string {
  const rows = checklistOrder(items).map((i) => {
    const where = i.place ? `${L.line} ${i.place.start.line}${i.section ? ` · ${h(i.section)}` : ''}${i.excerpt ? `<br><q>${h(i.excerpt)}</q>` : ''}` : '';
    const times = i.findings ? ` (${i.findings}×)` : '';
    return `<tr><td>${h(itemTitle(i, lang, rules, lang))}</td><td class="${statusClass(i.status)}"><span aria-hidden="true">${STATUS_MARK[i.status]}</span> ${h(statusText(i.status, L))}${times}</td><td>${where}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">${h(L.item)}</th><th scope="col">${h(L.status)}</th><th scope="col">${h(L.where)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function findingBlock(f: Finding, rule: RuleDefinition | undefined, lang: Language, L: Labels): string {
  const parts = [
    `<p><span class="lvl ${f.level}">${h(L[`${f.level}One`])}</span> <strong>${h(f.message)}</strong></p>`,
    `<p class="meta"><span class="rule">${h(f.ruleId)}</span> · ${place(f, L)}${rule ? ` · ${h(L.law)}: ${h(rule.reference.cite[lang])}` : ''}</p>`,
  ];
  if (f.excerpt) parts.push(`<blockquote><mark>${h(f.excerpt)}</mark></blockquote>`);
  for (const r of f.related ?? []) parts.push(`<p class="meta">${h(r.message)} (${L.line} ${r.place.start.line})</p>`);
  if (f.evidence?.length) {
    parts.push(`<p>${h(L.evidence)}:</p><ul>${f.evidence.map((e) => `<li>${h(e.message)} (${L.line} ${e.place.start.line})${e.text ? `: <q>${h(e.text)}</q>` : ''}</li>`).join('')}</ul>`);
  }
  const fix = f.fix ?? rule?.fix[lang];
  if (fix) parts.push(`<p><strong>${h(L.fix)}:</strong> ${h(fix)}</p>`);
  return `<div class="finding">${parts.join('\n')}</div>`;
}

function countryName(code: string, lang: Language): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function servicesTable(services: readonly ServiceRow[], findings: readonly Finding[], lang: Language, L: Labels): string {
  if (services.length === 0) return `<p>${h(L.noServices)}</p>`;
  const rows = services.map((s) => {
    const dpf = s.dpf === undefined ? '' : `${s.dpf.certified === true ? L.certified : s.dpf.certified === false ? L.notCertified : L.unknown}${s.dpf.asOf ? ` (${L.asOf} ${s.dpf.asOf})` : ''}`;
    const consent = s.consent.required === true ? L.needed : s.consent.required === 'depends' ? L.depends : L.notNeeded;
    const about = findings.filter((f) => f.vendor === s.name);
    const says = about.length === 0 ? h(L.noFinding) : about.map((f) => `<span class="lvl ${f.level}">${h(L[`${f.level}One`])}</span> <span class="rule">${h(f.ruleId)}</span>`).join('<br>');
    return `<tr><td>${h(s.name)}<br><span class="meta">${h(L.named)} ${s.place.start.line}${s.mentions > 1 ? `, ${s.mentions} ${h(L.times)}` : ''}</span></td><td>${h(s.company)}${s.euEntity ? `<br><span class="meta">EU: ${h(s.euEntity)}</span>` : ''}</td><td>${h(countryName(s.country, lang))}</td><td>${h(dpf)}</td><td>${h(consent)}${s.consent.required !== false && s.consent.basis ? `<br><span class="meta">${h(s.consent.basis)}</span>` : ''}</td><td>${says}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">${h(L.service)}</th><th scope="col">${h(L.company)}</th><th scope="col">${h(L.country)}</th><th scope="col">${h(L.dpf)}</th><th scope="col">${h(L.consent)}</th><th scope="col">${h(L.says)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function meta(r: AuditResult, o: HtmlOptions, L: Labels, lang: Language): string {
  const items: Array<[string, string]> = [[L.file, shownPath(r, o)], [L.date, o.date], [L.lawStand, o.lawStand], [L.tool, `policy-audit ${o.version}`]];
  const profile = r.jurisdiction ? jurisdictions().get(r.jurisdiction.id) : undefined;
  if (profile) items.push([L.jurisdiction, profile.name[lang]]);
  return `<dl class="meta">${items.map(([k, v]) => `<dt>${h(k)}:</dt><dd>${h(v)}</dd>`).join(' ')}</dl>`;
}

function verdict(r: AuditResult, L: Labels, hl: number, id: string): string {
  const c = { error: count(r, 'error'), warning: count(r, 'warning'), info: count(r, 'info') };
  const kind = c.error > 0 ? 'error' : c.warning > 0 ? 'warning' : 'ok';
  const sentence = kind === 'error' ? L.bad : kind === 'warning' ? L.minor : L.ok;
  const top = r.findings.filter((f) => f.level !== 'info').slice().sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level)).slice(0, 5);
  const list = top.length ? `<p>${h(L.serious)}:</p><ol>${top.map((f) => `<li><span class="lvl ${f.level}">${h(L[`${f.level}One`])}</span> ${h(f.message)} (${place(f, L)})</li>`).join('')}</ol>` : '';
  const base = r.baseline
    ? `<p>${h(L.baseline)}: ${r.findings.length} ${h(L.news)}, ${r.baseline.unchanged.length} ${h(L.fromBaseline)}, ${r.baseline.fixed.length} ${h(L.fixed)}.</p>`
    : '';
  const suppressed = r.suppressed?.length ? `<p class="meta">${r.suppressed.length} ${h(L.suppressed)}</p>` : '';
  return `<section class="verdict ${kind}" aria-labelledby="${id}"><h${hl} id="${id}">${h(L.verdict)}</h${hl}>${severityBar(c, L)}<p>${h(sentence)}</p>${list}${base}${suppressed}</section>`;
}

/** The body of one policy's report, its headings from level `hl` down. */
function policyBody(r: AuditResult, o: HtmlOptions, lang: Language, hl: number, idPrefix: string): string {
  const L = T[lang];
  const rules = new Map(o.rules.map((x) => [x.id, x]));
  const body: string[] = [meta(r, o, L, lang)];
  if (r.fatal !== undefined) {
    body.push(`<p class="missing">${h(L.unreadable)}: ${h(r.fatal)}</p>`);
    return body.join('\n');
  }
  if (r.skipped !== undefined) {
    body.push(`<p>${h(L.skipped)}: ${h(r.skipped)}</p>`);
    return body.join('\n');
  }
  body.push(verdict(r, L, hl, `${idPrefix}verdict`));
  if (r.checklist?.length) body.push(`<h${hl}>${h(L.checklist)}</h${hl}>`, checklistTable(r.checklist, L, lang, rules));
  body.push(`<h${hl}>${h(L.findings)}</h${hl}>`);
  if (r.findings.length === 0) body.push(`<p>${h(L.noneRule)}</p>`);
  const bySection = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const key = f.section ?? L.document;
    bySection.set(key, [...(bySection.get(key) ?? []), f]);
  }
  for (const [section, findings] of bySection) {
    body.push(`<h${hl + 1}>${h(section)}</h${hl + 1}>`, ...findings.map((f) => findingBlock(f, rules.get(f.ruleId), lang, L)));
  }
  if (r.baseline?.fixed.length) {
    body.push(`<h${hl + 1}>${h(L.fixed)}</h${hl + 1}><ul>${r.baseline.fixed.map((e) => `<li>${h(e.message)}${e.vendor ? ` (${h(e.vendor)})` : ''} <span class="rule">${h(e.ruleId)}</span></li>`).join('')}</ul>`);
  }
  if (r.services) body.push(`<h${hl}>${h(L.services)}</h${hl}>`, servicesTable(r.services, r.findings, lang, L));
  return body.join('\n');
}

/** The report of one policy, as a complete page. */
export function htmlForPolicy(r: AuditResult, o: HtmlOptions): string {
  const lang = langOf(r, o);
  const L = T[lang];
  return page(lang, `${L.title}: ${shownPath(r, o)}`, `<h1>${h(L.title)}</h1>\n${policyBody(r, o, lang, 2, '')}\n<footer><p>${h(L.disclaimer)}</p></footer>`);
}

/** The policies' paths without the folders they all share (for page names, charts and the grid). */
function shortPaths(results: readonly AuditResult[], o: HtmlOptions): string[] {
  const paths = results.map((r) => shownPath(r, o));
  const split = paths.map((p) => p.split(/[\\/]/u));
  let common = 0;
  while (split.every((d) => d.length - 1 > common && d[common] === split[0]![common])) common++;
  return split.map((d) => d.slice(common).join('/'));
}

/** A file name for a policy's page: its path with anything but letters, digits, dot and dash made "_". */
export function pageName(filePath: string, taken: Set<string>): string {
  const base = filePath.replace(/\.(?:html?|xhtml|md|markdown|mdx|txt|text)$/iu, '').replace(/^[./\\]+/u, '').replace(/[^A-Za-z0-9._-]+/gu, '_').replace(/\.+/gu, '.').slice(-120) || 'policy';
  let name = `${base}.html`;
  for (let i = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === 'index.html'; i++) name = `${base}-${i}.html`;
  taken.add(name.toLowerCase());
  return name;
}

/** Bars of one number per row, drawn as SVG with the figures as text. */
function barChart(rows: ReadonlyArray<{ label: string; counts: Record<Level, number> }>, L: Labels, caption: string): string {
  const max = Math.max(1, ...rows.map((r) => LEVELS.reduce((s, l) => s + r.counts[l], 0)));
  const width = 300;
  const labelWidth = 260;
  const rowH = 20;
  const out = rows.map((r, i) => {
    let x = labelWidth;
    const y = i * rowH;
    const total = LEVELS.reduce((s, l) => s + r.counts[l], 0);
    const rects = LEVELS.filter((l) => r.counts[l] > 0).map((l) => {
      const w = Math.max(2, Math.round((r.counts[l] / max) * width));
      const rect = `<rect x="${x}" y="${y + 3}" width="${w}" height="14" fill="${COLOR[l]}"><title>${r.counts[l]} ${h(L[l])}</title></rect>`;
      x += w;
      return rect;
    });
    const label = r.label.length > 34 ? `…${r.label.slice(-33)}` : r.label;
    return `<text x="0" y="${y + 14}">${h(label)}</text>${rects.join('')}<text x="${x + 6}" y="${y + 14}">${total}</text>`;
  });
  const summary = rows.map((r) => `${r.label}: ${LEVELS.map((l) => `${r.counts[l]} ${L[l]}`).join(', ')}`).join('; ');
  return `<figure><svg role="img" aria-label="${h(`${caption}. ${summary}`)}" width="${labelWidth + width + 60}" height="${rows.length * rowH + 4}" viewBox="0 0 ${labelWidth + width + 60} ${rows.length * rowH + 4}">${out.join('')}</svg><figcaption class="meta">${h(caption)}</figcaption></figure>`;
}

/** The index of a batch: policies compared, findings per rule, the checklist as a grid. */
export function htmlIndex(results: readonly AuditResult[], names: ReadonlyMap<AuditResult, string>, o: HtmlOptions): string {
  const L = T[o.lang];
  return page(o.lang, L.batch, `${indexBody(results, names, o)}\n<footer><p>${h(L.disclaimer)}</p></footer>`);
}

function indexBody(results: readonly AuditResult[], names: ReadonlyMap<AuditResult, string>, o: HtmlOptions): string {
  const L = T[o.lang];
  const ok = results.filter((r) => r.fatal === undefined && r.skipped === undefined);
  const shortList = shortPaths(results, o);
  const short = new Map(results.map((r, i) => [r, shortList[i]!]));
  const countsOf = (r: AuditResult): Record<Level, number> => ({ error: count(r, 'error'), warning: count(r, 'warning'), info: count(r, 'info') });
  const body: string[] = [`<h1>${h(L.batch)}</h1>`, `<dl class="meta"><dt>${h(L.date)}:</dt><dd>${h(o.date)}</dd> <dt>${h(L.lawStand)}:</dt><dd>${h(o.lawStand)}</dd> <dt>${h(L.tool)}:</dt><dd>policy-audit ${h(o.version)}</dd> <dt>${h(L.policies)}:</dt><dd>${results.length}</dd></dl>`];
  const rows = results.map((r) => {
    const link = names.has(r) ? `<a href="${h(names.get(r)!)}">${h(shownPath(r, o))}</a>` : h(shownPath(r, o));
    if (r.fatal !== undefined) return `<tr><td>${link}</td><td colspan="3">${h(L.unreadable)}: ${h(r.fatal)}</td></tr>`;
    if (r.skipped !== undefined) return `<tr><td>${link}</td><td colspan="3">${h(L.skipped)}</td></tr>`;
    const c = countsOf(r);
    return `<tr><td>${link}</td><td class="n">${c.error}</td><td class="n">${c.warning}</td><td class="n">${c.info}</td></tr>`;
  });
  body.push(`<h2>${h(L.verdict)}</h2><table><thead><tr><th scope="col">${h(L.file)}</th><th scope="col">${h(L.error)}</th><th scope="col">${h(L.warning)}</th><th scope="col">${h(L.info)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  if (ok.length) {
    body.push(`<h2>${h(L.perPolicy)}</h2>`, barChart(ok.map((r) => ({ label: short.get(r)!, counts: countsOf(r) })), L, L.perPolicy));
    const perRule = new Map<string, Record<Level, number>>();
    for (const r of ok) for (const f of r.findings) {
      const c = perRule.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
      c[f.level]++;
      perRule.set(f.ruleId, c);
    }
    if (perRule.size) {
      const sorted = [...perRule].sort((a, b) => LEVELS.reduce((s, l) => s + b[1][l] - a[1][l], 0) || (a[0] < b[0] ? -1 : 1));
      body.push(`<h2>${h(L.perRule)}</h2>`, barChart(sorted.map(([label, counts]) => ({ label, counts })), L, L.perRule));
    }
    const rules = new Map(o.rules.map((x) => [x.id, x]));
    const items = checklistOrder(ok[0]!.checklist ?? []).map((i) => ({ id: i.ruleId, title: itemTitle(i, o.lang, rules, o.fixedLang ? o.lang : ok[0]!.language) }));
    if (items.length) {
      const head = items.map((i) => `<th scope="col" class="v" title="${h(i.title)}">${h(i.title)}</th>`).join('');
      const grid = ok.map((r) => {
        const cells = items.map((i) => {
          const s = r.checklist?.find((x) => x.ruleId === i.id)?.status ?? 'off';
          return `<td class="grid ${statusClass(s)}" title="${h(statusText(s, L))}"><span aria-hidden="true">${STATUS_MARK[s]}</span><span class="sr">${h(statusText(s, L))}</span></td>`;
        });
        return `<tr><th scope="row">${h(short.get(r)!)}</th>${cells.join('')}</tr>`;
      });
      body.push(`<h2>${h(L.grid)}</h2><div class="scroll" tabindex="0" role="region" aria-label="${h(L.grid)}"><table><thead><tr><th scope="col">${h(L.file)}</th>${head}</tr></thead><tbody>${grid.join('')}</tbody></table></div>`);
    }
  }
  return body.join('\n');
}

/**
 * The report as files: one page per policy, and for more than one an `index.html`
 * that links them (for `-o DIR/`). Keys are file names inside the folder.
 */
export function htmlFiles(results: readonly AuditResult[], o: HtmlOptions): Map<string, string> {
  const files = new Map<string, string>();
  const taken = new Set<string>();
  const names = new Map<AuditResult, string>();
  // Page names without the folder all the policies share ("clients/a/datenschutz.html" -> "a_datenschutz.html").
  const short = shortPaths(results, o);
  for (const [i, r] of results.entries()) {
    const name = pageName(short[i]!, taken);
    names.set(r, name);
    files.set(name, htmlForPolicy(r, o));
  }
  files.set('index.html', htmlIndex(results, names, o));
  return files;
}

/** The report as one page: a policy's page, or for a batch the comparison followed by each policy's report. */
export function formatHtml(results: readonly AuditResult[], o: HtmlOptions): string {
  if (results.length === 1) return htmlForPolicy(results[0]!, o);
  const L = T[o.lang];
  const names = new Map(results.map((r, i) => [r, `#policy-${i + 1}`]));
  const sections = results.map((r, i) => {
    const lang = langOf(r, o);
    return `<section lang="${lang}" aria-labelledby="policy-${i + 1}"><h2 id="policy-${i + 1}">${h(shownPath(r, o))}</h2>\n${policyBody(r, o, lang, 3, `p${i + 1}-`)}</section>`;
  });
  return page(o.lang, L.batch, `${indexBody(results, names, o)}\n${sections.join('\n')}\n<footer><p>${h(L.disclaimer)}</p></footer>`);
}
