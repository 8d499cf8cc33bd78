/**
 * The default human-readable report, grouped per file like ESLint's stylish
 * formatter. Everything taken from a policy is sanitised first.
 */
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import type { AuditResult } from '../audit.js';
import type { Level } from '../types.js';
import { sanitizeLine } from './sanitize.js';
import { countFindings } from './summary.js';

export interface StylishOptions {
  /** Colour level 0 (none) to 3; default: none. */
  colorLevel?: 0 | 1 | 2 | 3;
  /** The date of the legal knowledge, printed under the summary. */
  lawStand?: string;
  /** Print a "because" line under each finding that carries evidence. */
  verbose?: boolean;
  /** Width to keep rows within (the terminal's; default 80): long messages wrap under their column. */
  columns?: number;
}

/** Below this many columns for the message, the rule id moves to a line of its own. */
const MIN_MESSAGE = 30;

/** Words of `text` in lines of at most `width` characters (a longer word, such as a URL, is cut). */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(10, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/u)) {
    let rest = word;
    while (rest.length > w) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, w));
      rest = rest.slice(w);
    }
    if (!rest) continue;
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= w) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function levelLabel(c: ChalkInstance, level: Level): string {
  if (level === 'error') return c.red('error');
  if (level === 'warning') return c.yellow('warning');
  return c.blue('info');
}

/** Visible width, ignoring colour codes, for aligning columns. */
const width = (s: string): number => s.replace(/\u001b\[[0-9;]*m/gu, '').length;
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

export function formatStylish(results: readonly AuditResult[], options: StylishOptions = {}): string {
  const c = new Chalk({ level: options.colorLevel ?? 0 });
  let out = '';
  for (const r of results) {
    // A file that could not be audited is named on stderr, once; its count stays in the summary.
    const fixed = r.baseline?.fixed ?? [];
    if (r.findings.length === 0 && fixed.length === 0) continue;
    out += `\n${c.underline(sanitizeLine(r.filePath))}\n`;
    // What the baseline held and this run no longer finds (at the line the baseline gave).
    for (const e of fixed) out += `  ${c.green('fixed')}  ${sanitizeLine(e.message)}${e.vendor !== undefined ? ` [${sanitizeLine(e.vendor)}]` : ''}  ${c.dim(`${e.ruleId}, was at line ${e.line}`)}\n`;
    if (r.findings.length === 0) continue;
    // A row of four columns, or a "because" line under the finding before it.
    const rows: Array<string[] | string> = [];
    for (const f of r.findings) {
      const where = `${f.place.start.line}:${f.place.start.column}`;
      const vendor = f.vendor !== undefined ? ` [${sanitizeLine(f.vendor)}]` : '';
      rows.push([c.dim(where), levelLabel(c, f.level), sanitizeLine(f.message) + vendor, c.dim(f.ruleId)]);
      if (options.verbose && f.evidence?.length) {
        const parts = f.evidence.map((e) => {
          const at = `${e.place.start.line}:${e.place.start.column}`;
          return e.kind === 'mention' ? `'${sanitizeLine(e.text)}' at ${at} (${e.status ?? 'used'})` : `${sanitizeLine(e.message)} '${sanitizeLine(e.text)}' at ${at}`;
        });
        rows.push(`because: ${parts.join('; ')}`);
      }
    }
    const table = rows.filter((row): row is string[] => Array.isArray(row));
    // A loop, not Math.max(...rows): a file with 200,000 findings would overflow the call stack.
    const widths = [0, 0, 0, 0];
    for (const row of table) for (let i = 0; i < 4; i++) widths[i] = Math.max(widths[i]!, width(row[i]!));
    const columns = options.columns ?? 80;
    // "  line:col  level  " before the message, "  rule" after it.
    const indent = 2 + widths[0]! + 2 + widths[1]! + 2;
    const room = columns - indent - 2 - widths[3]!;
    const ruleApart = room < MIN_MESSAGE;
    const messageWidth = Math.min(widths[2]!, ruleApart ? Math.max(MIN_MESSAGE, columns - indent) : room);
    for (const row of rows) {
      if (typeof row === 'string') {
        for (const line of wrapText(row, columns - 6)) out += `      ${c.dim(line)}\n`;
        continue;
      }
      const lines = width(row[2]!) <= messageWidth ? [row[2]!] : wrapText(row[2]!, messageWidth);
      const head = `  ${pad(row[0]!, widths[0]!)}  ${pad(row[1]!, widths[1]!)}  `;
      out += ruleApart ? `${head}${lines[0]}`.trimEnd() + '\n' : `${head}${pad(lines[0]!, messageWidth)}  ${row[3]}`.trimEnd() + '\n';
      for (const line of lines.slice(1)) out += `${' '.repeat(indent)}${line}`.trimEnd() + '\n';
      if (ruleApart) out += `${' '.repeat(indent)}${row[3]}\n`;
    }
  }
  const n = countFindings(results);
  const problems = n.errors + n.warnings + n.infos + n.fatal;
  const suppressed = results.reduce((sum, r) => sum + (r.suppressed?.length ?? 0), 0);
  const baselined = results.some((r) => r.baseline);
  const unchanged = results.reduce((sum, r) => sum + (r.baseline?.unchanged.length ?? 0), 0);
  const fixedCount = results.reduce((sum, r) => sum + (r.baseline?.fixed.length ?? 0), 0);
  // With a baseline: only new findings are problems; the rest is counted, not listed.
  const since = baselined ? `${unchanged} in the baseline, ${fixedCount} fixed since` : '';
  if (problems === 0) {
    const quiet = [suppressed ? `${plural(suppressed, 'finding')} suppressed` : '', baselined ? `no new findings (${since})` : ''].filter(Boolean).join('; ');
    return quiet ? `${out}\n${c.dim(quiet)}\n` : out;
  }
  const errors = n.errors + n.fatal;
  const summary =
    `✖ ${plural(problems, baselined ? 'new problem' : 'problem')} (${plural(errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.infos, 'info')})` +
    (suppressed ? `, ${suppressed} suppressed` : '') +
    (baselined ? `; ${since}` : '');
  out += `\n${errors > 0 ? c.red.bold(summary) : n.warnings > 0 ? c.yellow.bold(summary) : c.blue.bold(summary)}\n`;
  if (options.lawStand) out += c.dim(`law as of ${options.lawStand}`) + '\n';
  return out;
}
