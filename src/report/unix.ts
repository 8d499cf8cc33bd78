/**
 * One line per finding, `file:line:col: level message [rule]`, as compilers and
 * ESLint's unix formatter write them: for editors' quickfix lists, grep and awk.
 */
import { isAbsolute, relative } from 'node:path';
import type { AuditResult } from '../audit.js';
import { sanitizeLine } from './sanitize.js';

export function formatUnix(results: readonly AuditResult[], options: { cwd?: string } = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const shown = (path: string): string => {
    const rel = isAbsolute(path) ? relative(cwd, path) : path;
    return sanitizeLine(rel && !rel.startsWith('..') ? rel : path);
  };
  let out = '';
  for (const r of results) {
    const file = shown(r.filePath);
    if (r.fatal !== undefined) out += `${file}:0:0: error ${sanitizeLine(r.fatal)} [fatal]\n`;
    for (const f of r.findings) {
      const vendor = f.vendor !== undefined ? ` (${sanitizeLine(f.vendor)})` : '';
      out += `${file}:${f.place.start.line}:${f.place.start.column}: ${f.level} ${sanitizeLine(f.message)}${vendor} [${f.ruleId}]\n`;
    }
  }
  return out;
}
