/**
 * ESLint-compatible JSON: one object per file with `messages`, `errorCount`
 * and `warningCount`, so tools that read ESLint's JSON read ours. ESLint knows
 * only severity 1 and 2: an info finding has severity 1 and `level: "info"`,
 * and is counted in `infoCount`, not in `warningCount`.
 */
import { resolve } from 'node:path';
import type { AuditResult } from '../audit.js';
import type { Finding, Place } from '../types.js';
import { findingKey } from './fingerprint.js';

export interface JsonOptions {
  cwd?: string;
  /** The date of policy-audit's legal knowledge, stamped on each file's result. */
  lawStand?: string;
}

function range(place: Place): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: place.start.line, column: place.start.column, endLine: place.end.line, endColumn: place.end.column };
}

function message(f: Finding): Record<string, unknown> {
  const m: Record<string, unknown> = {
    ruleId: f.ruleId,
    severity: f.level === 'error' ? 2 : 1,
    level: f.level,
    message: f.message,
    ...range(f.place),
  };
  if (f.vendor !== undefined) m.vendor = f.vendor;
  if (f.section !== undefined) m.section = f.section;
  if (f.related?.length) m.related = f.related.map((r) => ({ message: r.message, ...range(r.place) }));
  if (f.evidence?.length) {
    m.evidence = f.evidence.map((e) => ({ kind: e.kind, ...(e.status !== undefined ? { status: e.status } : {}), message: e.message, text: e.text, ...range(e.place) }));
  }
  if (f.fix !== undefined) m.fix = f.fix;
  // Rule, service, section and text, not the line: what a baseline (--baseline) matches findings by.
  m.fingerprint = findingKey(f);
  return m;
}

export function toJsonObjects(results: readonly AuditResult[], options: JsonOptions = {}): Record<string, unknown>[] {
  const cwd = options.cwd ?? process.cwd();
  return results.map((r) => {
    const filePath = r.filePath.startsWith('<') ? r.filePath : resolve(cwd, r.filePath);
    if (r.fatal !== undefined) {
      return {
        filePath,
        messages: [{ ruleId: null, fatal: true, severity: 2, level: 'error', message: r.fatalFile ? `${r.fatalFile}: ${r.fatal}` : r.fatal, line: 1, column: 1 }],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 1,
        warningCount: 0,
        infoCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      };
    }
    const count = (level: string): number => r.findings.filter((f) => f.level === level).length;
    return {
      filePath,
      messages: r.findings.map(message),
      suppressedMessages: [
        ...(r.suppressed ?? []).map((x) => ({
          ...message(x.finding),
          suppressions: [{ kind: 'directive', justification: x.justification ?? '' }],
        })),
        ...(r.baseline?.unchanged ?? []).map((f) => ({ ...message(f), suppressions: [{ kind: 'baseline', justification: 'in the baseline' }] })),
      ],
      ...(r.baseline ? { baseline: { new: r.findings.length, unchanged: r.baseline.unchanged.length, fixed: r.baseline.fixed } } : {}),
      errorCount: count('error'),
      fatalErrorCount: 0,
      warningCount: count('warning'),
      infoCount: count('info'),
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      language: r.language,
      ...(r.jurisdiction ? { jurisdiction: r.jurisdiction.id, jurisdictionBecause: r.jurisdiction.because } : {}),
      format: r.format,
      encoding: r.encoding,
      ...(options.lawStand ? { lawStand: options.lawStand } : {}),
    };
  });
}

export function formatJson(results: readonly AuditResult[], options: JsonOptions = {}): string {
  return `${JSON.stringify(toJsonObjects(results, options))}\n`;
}
