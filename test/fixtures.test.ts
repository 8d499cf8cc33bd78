/**
 * Every rule fixture states its expectation inside: `<!-- expect: rule-id -->`
 * (the rule must report) or `<!-- ok: rule-id -->` (it must not); with a service,
 * `<!-- expect: rule-id [Google Analytics] -->` and `<!-- ok: rule-id [Google Maps] -->`
 * speak of that service's finding only.
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

interface Expectations {
  expect: string[];
  ok: string[];
  /** "rule-id [Vendor]" pairs. */
  expectVendor: Array<[string, string]>;
  okVendor: Array<[string, string]>;
}

function expectations(text: string): Expectations {
  const e: Expectations = { expect: [], ok: [], expectVendor: [], okVendor: [] };
  for (const m of text.matchAll(/<!--\s*(expect|ok):\s*([a-z0-9, -]+?)\s*-->/g)) {
    const ids = m[2]!.split(/[,\s]+/).filter(Boolean);
    (m[1] === 'expect' ? e.expect : e.ok).push(...ids);
  }
  for (const m of text.matchAll(/<!--\s*(expect|ok):\s*([a-z0-9-]+)\s*\[([^\]]+)\]\s*-->/g)) {
    (m[1] === 'expect' ? e.expectVendor : e.okVendor).push([m[2]!, m[3]!.trim()]);
  }
  return e;
}

describe('rule fixtures', () => {
  it('every fixture states an expectation about a known rule', () => {
    expect(files.length).toBeGreaterThan(0);
    const known = new Set(ruleIds());
    const problems: string[] = [];
    for (const f of files) {
      const e = expectations(readFileSync(f, 'utf8'));
      if (e.expect.length + e.ok.length + e.expectVendor.length + e.okVendor.length === 0) problems.push(`${relative(FIXTURES, f)}: no expectation`);
      for (const id of [...e.expect, ...e.ok, ...[...e.expectVendor, ...e.okVendor].map(([r]) => r)]) if (!known.has(id)) problems.push(`${relative(FIXTURES, f)}: unknown rule ${id}`);
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
      e.expectVendor.forEach(([id]) => fired.add(id));
      e.okVendor.forEach(([id]) => passed.add(id));
    }
    const missing = ruleIds().flatMap((id) => [
      ...(fired.has(id) ? [] : [`${id}: no firing fixture`]),
      ...(passed.has(id) ? [] : [`${id}: no passing fixture`]),
    ]);
    expect(missing).toEqual([]);
  });

  it.each(files.map((f) => [relative(FIXTURES, f), f]))('%s', async (_name, file) => {
    const { expect: want, ok, expectVendor, okVendor } = expectations(readFileSync(file, 'utf8'));
    const result = await auditFile(file);
    expect(result.fatal).toBeUndefined();
    const got = new Set(result.findings.map((f) => f.ruleId));
    for (const id of want) expect({ rule: id, reported: got.has(id) }).toEqual({ rule: id, reported: true });
    for (const id of ok) expect({ rule: id, reported: got.has(id) }).toEqual({ rule: id, reported: false });
    const gotVendor = new Set(result.findings.map((f) => `${f.ruleId} [${f.vendor ?? ''}]`));
    for (const [id, v] of expectVendor) expect({ finding: `${id} [${v}]`, reported: gotVendor.has(`${id} [${v}]`) }).toEqual({ finding: `${id} [${v}]`, reported: true });
    for (const [id, v] of okVendor) expect({ finding: `${id} [${v}]`, reported: gotVendor.has(`${id} [${v}]`) }).toEqual({ finding: `${id} [${v}]`, reported: false });
  }, 30_000);
});
