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
    if (r.fatal === undefined && r.findings.length === 0) continue;
    out += `\n${c.underline(sanitizeLine(r.filePath))}\n`;
    // A row of four columns, or a "because" line under the finding before it.
    const rows: Array<string[] | string> = [];
    if (r.fatal !== undefined) rows.push([c.dim('0:0'), c.red('error'), sanitizeLine(r.fatal), '']);
    for (const f of r.findings) {
      const where = `${f.place.start.line}:${f.place.start.column}`;
      const vendor = f.vendor !== undefined ? ` [${sanitizeLine(f.vendor)}]` : '';
      rows.push([c.dim(where), levelLabel(c, f.level), sanitizeLine(f.message) + vendor, c.dim(f.ruleId)]);
      if (options.verbose && f.evidence?.length) {
        const parts = f.evidence.map((e) => {
          const at = `${e.place.start.line}:${e.place.start.column}`;
          return e.kind === 'mention' ? `'${sanitizeLine(e.text)}' at ${at} (${e.status ?? 'used'})` : `${sanitizeLine(e.message)} '${sanitizeLine(e.text)}' at ${at}`;
        });
        rows.push(c.dim(`because: ${parts.join('; ')}`));
      }
    }
    const table = rows.filter((row): row is string[] => Array.isArray(row));
    const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => width(row[i]!))));
    for (const row of rows) {
      if (typeof row === 'string') out += `      ${row}\n`;
      else out += `  ${pad(row[0]!, widths[0]!)}  ${pad(row[1]!, widths[1]!)}  ${pad(row[2]!, widths[2]!)}  ${row[3]}`.trimEnd() + '\n';
    }
  }
  const n = countFindings(results);
  const problems = n.errors + n.warnings + n.infos + n.fatal;
  const suppressed = results.reduce((sum, r) => sum + (r.suppressed?.length ?? 0), 0);
  if (problems === 0) return suppressed ? `\n${c.dim(`${plural(suppressed, 'finding')} suppressed`)}\n` : '';
  const errors = n.errors + n.fatal;
  const summary =
    `✖ ${plural(problems, 'problem')} (${plural(errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.infos, 'info')})` +
    (suppressed ? `, ${suppressed} suppressed` : '');
  out += `\n${errors > 0 ? c.red.bold(summary) : n.warnings > 0 ? c.yellow.bold(summary) : c.blue.bold(summary)}\n`;
  if (options.lawStand) out += c.dim(`law as of ${options.lawStand}`) + '\n';
  return out;
}
