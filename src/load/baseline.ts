/**
 * A baseline for teams adopting policy-audit on existing policies: an earlier `--format json`
 * report. Findings it already holds (matched by their fingerprint: rule, service, section and
 * text, not line numbers) no longer fail the run; findings it holds that are gone are fixed.
 */
import { relative, sep } from 'node:path';
import type { AuditResult } from '../audit.js';
import { findingKey } from '../report/fingerprint.js';
import { UserError } from '../types.js';
import { readBoundedText } from './bounded.js';

/** A baseline report may hold a large batch's findings. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

/** One finding of the baseline, as much of it as a report of what was fixed needs. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  vendor?: string;
  message: string;
  line: number;
}

export interface Baseline {
  file: string;
  /** The baseline's findings by the path of the file they were reported for, as written there. */
  byPath: Map<string, BaselineEntry[]>;
  /** The same paths (with '/' as separator) by their last part, for matching a file audited in another checkout. */
  byName: Map<string, string[]>;
}

/** The baseline's side of one audited file, after matching. */
export interface BaselineState {
  /** The findings the baseline already holds: not counted for the exit code. */
  unchanged: AuditResult['findings'];
  /** Baseline findings this run no longer reports. */
  fixed: BaselineEntry[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function entryOf(m: unknown, file: string): BaselineEntry | undefined {
  if (!isObject(m) || typeof m.ruleId !== 'string') return undefined; // a fatal line of an unreadable file
  if (typeof m.fingerprint !== 'string') {
    throw new UserError('invalid baseline: a finding has no "fingerprint"; write the baseline again with this version (--format json -o FILE)', file);
  }
  return {
    fingerprint: m.fingerprint,
    ruleId: m.ruleId,
    ...(typeof m.vendor === 'string' ? { vendor: m.vendor } : {}),
    message: typeof m.message === 'string' ? m.message : '',
    line: typeof m.line === 'number' ? m.line : 1,
  };
}

/** Read a baseline written by `--format json` (or `jsonl`); anything else is one clear error naming the file. */
export function loadBaseline(file: string): Baseline {
  const text = readBoundedText(file, MAX_BASELINE_BYTES, 'baseline');
  let results: unknown;
  try {
    const trimmed = text.trim();
    // JSON Lines: one file's result per line.
    results = trimmed.startsWith('[') ? JSON.parse(trimmed) : trimmed === '' ? [] : trimmed.split('\n').map((l) => JSON.parse(l) as unknown);
  } catch (error) {
    throw new UserError(`invalid baseline: not a policy-audit JSON report (${(error as Error).message.split('\n')[0]})`, file);
  }
  if (!Array.isArray(results)) throw new UserError('invalid baseline: not a policy-audit JSON report (expected a list of file results)', file);
  const byPath = new Map<string, BaselineEntry[]>();
  for (const r of results) {
    if (!isObject(r) || typeof r.filePath !== 'string' || !Array.isArray(r.messages)) {
      throw new UserError('invalid baseline: not a policy-audit JSON report (each file result needs "filePath" and "messages")', file);
    }
    const entries: BaselineEntry[] = [];
    for (const m of r.messages) {
      const e = entryOf(m, file);
      if (e) entries.push(e);
    }
    // A report written with a baseline keeps the baseline's findings among the suppressed ones.
    for (const m of Array.isArray(r.suppressedMessages) ? r.suppressedMessages : []) {
      if (!isObject(m) || !Array.isArray(m.suppressions) || !m.suppressions.some((s) => isObject(s) && s.kind === 'baseline')) continue;
      const e = entryOf(m, file);
      if (e) entries.push(e);
    }
    const list = byPath.get(r.filePath);
    if (list) list.push(...entries);
    else byPath.set(r.filePath, entries);
  }
  const byName = new Map<string, string[]>();
  for (const path of byPath.keys()) {
    const name = path.split(sep).join('/').split('/').pop()!;
    const paths = byName.get(name);
    if (paths) paths.push(path);
    else byName.set(name, [path]);
  }
  return { file, byPath, byName };
}

/**
 * The baseline's findings for one audited file: the same absolute path, else the baseline path
 * that ends in the file's path relative to the working directory (a baseline written in another
 * checkout), the longest such match.
 */
function entriesFor(baseline: Baseline, absolute: string, cwd: string): BaselineEntry[] {
  const same = baseline.byPath.get(absolute);
  if (same) return same;
  const rel = relative(cwd, absolute).split(sep).join('/');
  if (rel.startsWith('../')) return [];
  let best: BaselineEntry[] = [];
  let bestLength = -1;
  // Only the paths with the same last part can end in the relative path.
  for (const path of baseline.byName.get(rel.split('/').pop()!) ?? []) {
    const p = path.split(sep).join('/');
    if ((p === rel || p.endsWith(`/${rel}`)) && p.length > bestLength) {
      best = baseline.byPath.get(path)!;
      bestLength = p.length;
    }
  }
  return best;
}

/**
 * Move the findings the baseline holds out of `findings` (as many of each fingerprint as the
 * baseline has) and record the baseline's findings that are gone.
 */
export function applyBaseline(result: AuditResult, baseline: Baseline, absolute: string, cwd: string): AuditResult {
  if (result.fatal !== undefined) return result;
  const left = new Map<string, BaselineEntry[]>();
  for (const e of entriesFor(baseline, absolute, cwd)) {
    const same = left.get(e.fingerprint);
    if (same) same.push(e);
    else left.set(e.fingerprint, [e]);
  }
  const fresh: AuditResult['findings'] = [];
  const unchanged: AuditResult['findings'] = [];
  for (const f of result.findings) {
    const same = left.get(findingKey(f));
    if (same?.length) {
      same.shift();
      unchanged.push(f);
    } else fresh.push(f);
  }
  const fixed = [...left.values()].flat().sort((a, b) => a.line - b.line);
  return { ...result, findings: fresh, baseline: { unchanged, fixed } };
}
