/**
 * Gates only skip work: on every sentence of the fixtures, the seeds and the
 * corpus, every pattern list of every rule and lexicon gives the same answer
 * with and without its gate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATE_VERSION, gateOf, readLiterals, sourceKey } from '../src/knowledge/gate.js';
import { builtinGates } from '../src/load/data-file.js';
import { anyMatch, anyMatchUngated, loadLexicon, mayMatch } from '../src/knowledge/lexicons.js';
import { builtinRules } from '../src/analyse/rules.js';
import { PolicyDocument } from '../src/document/document.js';
import { sourceFromBytes } from '../src/load/inputs.js';
import { FIXTURES, ROOT, SEEDS, itShared } from './helpers.js';

function lists(value: unknown, out: RegExp[][] = []): RegExp[][] {
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof RegExp)) out.push(value as RegExp[]);
  else if (Array.isArray(value)) value.forEach((v) => lists(v, out));
  else if (value && typeof value === 'object' && !(value instanceof RegExp)) Object.values(value).forEach((v) => lists(v, out));
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(md|html|txt)$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('pattern gates', () => {
  it('derive the words a pattern cannot match without', () => {
    expect(gateOf([/(?:gespeichert|aufbewahrt)[^.]{0,80}\bbis\b/iu])).toEqual(['gespeichert', 'aufbewahrt']);
    expect(gateOf([/cookies?/iu])).toEqual(['cookie']);
    expect(gateOf([/[\p{L}.]+@[\p{L}.]+/iu])).toBeNull();
    // Case-sensitive patterns are gated too: their words are looked for in the lower-cased text.
    expect(gateOf([/TTDSG/u])).toEqual(['ttdsg']);
    expect(mayMatch(/TTDSG/u, 'nach § 25 ttdsg')).toBe(true);
    expect(mayMatch(/TTDSG/u, 'nach § 25 tdddg')).toBe(false);
    // A property escape is read to its closing brace, not as far again as it stands from the start.
    expect(gateOf([/(?:vorgenannt|obig)\p{L}{0,3}(?:(?<=[^\0-/\u{1F000}-\u{1FFFF}]))/iu])).toEqual(['vorgenannt', 'obig']);
  });

  it('are stored by the build as read off the sources, for every built-in pattern', () => {
    const stored = builtinGates(GATE_VERSION);
    expect(stored).not.toBeNull();
    const all = [
      ...builtinRules().flatMap((r) => lists(r.params)),
      ...readdirSync(join(ROOT, 'rules', 'lexicons')).flatMap((f) => Object.values(loadLexicon(f.replace(/\.yaml$/, '')))),
    ].flat();
    const sources = [...new Set(all.map((re) => re.source))];
    expect(sources.length).toBeGreaterThan(500);
    const keys = new Set(sources.map(sourceKey));
    // No two sources share a key, and what is stored under a key is what the source gives.
    expect(keys.size).toBe(sources.length);
    const wrong = sources.filter((src) => sourceKey(src) in stored! && JSON.stringify(stored![sourceKey(src)]) !== JSON.stringify(readLiterals(src)));
    expect(wrong).toEqual([]);
    expect(sources.filter((src) => sourceKey(src) in stored!).length).toBeGreaterThan(sources.length * 0.9);
    // A table of another version is not used.
    expect(builtinGates(GATE_VERSION + 1)).toBeNull();
  });

  itShared('never change a result', () => {
    const all = [
      ...builtinRules().flatMap((r) => lists(r.params)),
      ...readdirSync(join(ROOT, 'rules', 'lexicons')).flatMap((f) => Object.values(loadLexicon(f.replace(/\.yaml$/, '')))),
    ];
    const docs = [...files(FIXTURES), ...files(SEEDS), ...files(join(ROOT, '..', 'shared', 'corpus', 'docs'))];
    const singles = [...new Set(all.flat())].map((re) => new RegExp(re.source, re.flags.replace(/[gy]/g, '')));
    let checked = 0;
    const differences: string[] = [];
    for (const f of docs) {
      const src = sourceFromBytes(readFileSync(f), f);
      const doc = new PolicyDocument({ path: f, source: src.text, format: src.format });
      for (const s of doc.sentences) {
        const text = doc.slice(s.start, s.end);
        for (const list of all) {
          checked++;
          if (anyMatch(list, text) !== anyMatchUngated(list, text)) differences.push(`${list[0]!.source.slice(0, 40)} on ${JSON.stringify(text.slice(0, 60))}`);
        }
        // One pattern's own gate (mayMatch) says no only where the pattern cannot match.
        const lower = text.toLowerCase();
        for (const re of singles) if (!mayMatch(re, lower) && re.test(text)) differences.push(`${re.source.slice(0, 40)} (alone) on ${JSON.stringify(text.slice(0, 60))}`);
      }
    }
    expect(checked).toBeGreaterThan(100_000);
    expect(differences.slice(0, 5)).toEqual([]);
  });
});
