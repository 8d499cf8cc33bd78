/**
 * Every rule fixture states its expectation inside: `<!-- expect: rule-id -->`
 * (the rule must report) or `<!-- ok: rule-id -->` (it must not).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { auditFile } from '../src/audit.js';
import { ruleIds } from '../src/analyse/rules.js';
import { FIXTURES } from './helpers.js';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.(md|html)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const files = walk(join(FIXTURES, 'rules')).sort();

function expectations(text: string): { expect: string[]; ok: string[] } {
  const expect: string[] = [];
  const ok: string[] = [];
  for (const m of text.matchAll(/<!--\s*(expect|ok):\s*([a-z0-9, -]+?)\s*-->/g)) {
    const ids = m[2]!.split(/[,\s]+/).filter(Boolean);
    (m[1] === 'expect' ? expect : ok).push(...ids);
  }
  return { expect, ok };
}

describe('rule fixtures', () => {
  it('every fixture states an expectation about a known rule', () => {
    expect(files.length).toBeGreaterThan(0);
    const known = new Set(ruleIds());
    const problems: string[] = [];
    for (const f of files) {
      const e = expectations(readFileSync(f, 'utf8'));
      if (e.expect.length + e.ok.length === 0) problems.push(`${relative(FIXTURES, f)}: no expectation`);
      for (const id of [...e.expect, ...e.ok]) if (!known.has(id)) problems.push(`${relative(FIXTURES, f)}: unknown rule ${id}`);
    }
    expect(problems).toEqual([]);
  });

  it('every rule has a firing and a passing fixture', () => {
    const fired = new Set<string>();
    const passed = new Set<string>();
    for (const f of files) {
      const e = expectations(readFileSync(f, 'utf8'));
      e.expect.forEach((id) => fired.add(id));
      e.ok.forEach((id) => passed.add(id));
    }
    const missing = ruleIds().flatMap((id) => [
      ...(fired.has(id) ? [] : [`${id}: no firing fixture`]),
      ...(passed.has(id) ? [] : [`${id}: no passing fixture`]),
    ]);
    expect(missing).toEqual([]);
  });

  it.each(files.map((f) => [relative(FIXTURES, f), f]))('%s', async (_name, file) => {
    const { expect: want, ok } = expectations(readFileSync(file, 'utf8'));
    const result = await auditFile(file);
    expect(result.fatal).toBeUndefined();
    const got = new Set(result.findings.map((f) => f.ruleId));
    for (const id of want) expect({ rule: id, reported: got.has(id) }).toEqual({ rule: id, reported: true });
    for (const id of ok) expect({ rule: id, reported: got.has(id) }).toEqual({ rule: id, reported: false });
  });
});
