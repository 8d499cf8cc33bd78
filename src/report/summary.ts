/** Counts shared by the formatters and the CLI's exit code. */
import type { AuditResult } from '../audit.js';

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  fatal: number;
}

export function countFindings(results: readonly AuditResult[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, fatal: 0 };
  for (const r of results) {
    if (r.fatal !== undefined) c.fatal++;
    for (const f of r.findings) {
      if (f.level === 'error') c.errors++;
      else if (f.level === 'warning') c.warnings++;
      else c.infos++;
    }
  }
  return c;
}
