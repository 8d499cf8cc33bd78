/**
 * No pattern of policy-audit backtracks catastrophically: every pattern of the
 * rules and lexicons, every catalog-name pattern, and every regular-expression
 * literal in the source (also as rewritten for Unicode \b) runs through the
 * adversarial texts of 100 KB within a generous bound.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { loadLexicon } from '../src/knowledge/lexicons.js';
import { ADVERSARIAL_LENGTH, adversarialTexts, backtrackingProblem } from '../src/knowledge/regex-safety.js';
import { builtinRules } from '../src/analyse/rules.js';
import { aliasPatterns } from '../src/statements/mentions.js';
import { ure } from '../src/unicode-regexp.js';
import { ROOT } from './helpers.js';

/** Generous: a safe pattern takes a few milliseconds per text; a catastrophic one, minutes. */
const BOUND_MS = 3000;

function patternsIn(value: unknown, out = new Set<RegExp>()): Set<RegExp> {
  if (value instanceof RegExp) out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => patternsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => patternsIn(v, out));
  return out;
}

/** Regular-expression literals of the TypeScript sources, as written and with Unicode \b. */
function sourceLiterals(dir: string): Array<{ where: string; re: RegExp }> {
  const out: Array<{ where: string; re: RegExp }> = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...sourceLiterals(file));
      continue;
    }
    if (!e.name.endsWith('.ts')) continue;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        const re = new RegExp(text.slice(1, slash), text.slice(slash + 1));
        const where = `${file.slice(ROOT.length + 1)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
        out.push({ where, re }, { where: `${where} (Unicode \\b)`, re: ure(re) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

describe('catastrophic backtracking', () => {
  it('is caught by the check, which interrupts a pattern that never ends', () => {
    const t0 = performance.now();
    expect(backtrackingProblem(/(a+)+$/u, 200)).toMatch(/^backtracks catastrophically: it took more than 200 ms on 100 KB of "aaaa/);
    expect(backtrackingProblem(/(?:lösch|anonymisi)\w*[^.]{0,120}\bsobald\b/iu, 200)).toMatch(/backtracks catastrophically/);
    expect(backtrackingProblem(/[\p{L}0-9._%+-]+@[a-z]+\.[a-z]{2,}/iu, 200)).toMatch(/backtracks catastrophically/);
    // Patterns that backtrack only on runs of their own characters, and one that ends with the usual spoiler.
    expect(backtrackingProblem(/(_+)+$/u, 200)).toMatch(/on 100 KB of "____/);
    expect(backtrackingProblem(/(x+x+)+y/u, 200)).toMatch(/on 100 KB of "xxxx/);
    expect(backtrackingProblem(/_[a-z_]*_%/u, 200)).toMatch(/backtracks catastrophically/);
    expect(backtrackingProblem(/^(?:_|__)+!/u, 200)).toMatch(/backtracks catastrophically/);
    expect(backtrackingProblem(/(?:[xy]+)*\$/u, 200)).toMatch(/backtracks catastrophically/);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(backtrackingProblem(/\bauskunft\w{0,20}[^.]{0,80}\brecht\b/iu)).toBeNull();
  });

  it('builds texts of 100 KB from letters, digits, blanks, dots, hyphens and the pattern\'s own words', () => {
    const texts = adversarialTexts(/widerruf\w{0,20}[^.]{0,80}einwilligung/iu);
    expect(texts.every((t) => t.length === ADVERSARIAL_LENGTH + 1)).toBe(true);
    expect(texts.some((t) => t.startsWith('widerrufwiderruf'))).toBe(true);
    expect(texts.some((t) => t.startsWith('einwilligung einwilligung '))).toBe(true);
  });

  it('does not happen with any built-in pattern', () => {
    const named: Array<{ where: string; re: RegExp }> = [];
    for (const r of builtinRules()) for (const re of patternsIn(r.params)) named.push({ where: `rule ${r.definition.id}`, re });
    for (const f of readdirSync(join(ROOT, 'rules', 'lexicons'))) {
      const name = f.replace(/\.yaml$/, '');
      for (const [entry, list] of Object.entries(loadLexicon(name))) for (const re of list) named.push({ where: `lexicon ${name}/${entry}`, re });
    }
    for (const re of aliasPatterns()) named.push({ where: 'vendor catalog names', re });
    named.push(...sourceLiterals(join(ROOT, 'src')));
    const seen = new Set<string>();
    const unique = named.filter(({ re }) => !seen.has(re.source + re.flags) && seen.add(re.source + re.flags));
    expect(unique.length).toBeGreaterThan(500);
    const unsafe = unique.flatMap(({ where, re }) => {
      const problem = backtrackingProblem(re, BOUND_MS);
      return problem ? [`${where}: /${re.source.slice(0, 160)}/ ${problem}`] : [];
    });
    expect(unsafe).toEqual([]);
  }, 600_000);
});
