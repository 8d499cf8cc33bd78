/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the
 * pull request's changed lines ("::error file=...,line=...::message").
 */
import type { AuditResult } from '../audit.js';
import type { Level } from '../types.js';
import { relativeTo, repositoryRoot } from './paths.js';
import { sanitizeLine } from './sanitize.js';

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of workflow command data and properties (as @actions/core does it). */
const escapeData = (s: string): string => s.replace(/%/gu, '%25').replace(/\r/gu, '%0D').replace(/\n/gu, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/gu, '%3A').replace(/,/gu, '%2C');

export function formatGithub(results: readonly AuditResult[], options: { cwd?: string } = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const root = repositoryRoot(cwd);
  let out = '';
  for (const r of results) {
    const file = relativeTo(root, r.filePath, cwd) ?? r.filePath;
    if (r.fatal !== undefined) {
      out += `::error file=${escapeProperty(file)},title=policy-audit::${escapeData(sanitizeLine(r.fatal))}\n`;
      continue;
    }
    for (const f of r.findings) {
      const p = f.place;
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${p.start.line}`,
        `col=${p.start.column}`,
        `endLine=${p.end.line}`,
        ...(p.end.line === p.start.line ? [`endColumn=${p.end.column}`] : []),
        `title=${escapeProperty(f.ruleId + (f.vendor ? ` (${f.vendor})` : ''))}`,
      ];
      out += `::${COMMAND[f.level]} ${props.join(',')}::${escapeData(sanitizeLine(f.message))}\n`;
    }
  }
  return out;
}
