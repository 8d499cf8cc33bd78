/**
 * The identity of a finding that survives edits elsewhere in the policy: its rule, its service,
 * its section and the text it points at, not its line. SARIF's partial fingerprints and the
 * baseline (`--baseline`) are built from it.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

export function findingKey(f: Finding): string {
  const key = [f.ruleId, f.vendor ?? '', f.section ?? '', (f.excerpt ?? '').toLowerCase()].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
