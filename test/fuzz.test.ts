/**
 * Properties that hold for any input, checked on random and mutated policies
 * (fast-check): an audit never throws, every place lies inside its file and
 * agrees with the file's lines, and the result of a file does not depend on
 * what was audited before it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { AuditResult } from '../src/audit.js';
import { auditBytes } from '../src/audit.js';
import { sourceFromBytes } from '../src/load/inputs.js';
import type { Point, SourceFormat } from '../src/types.js';
import { FIXTURES } from './helpers.js';

const FORMATS: Record<string, SourceFormat> = { '.html': 'html', '.md': 'markdown', '.txt': 'text' };

function policies(dir: string): Array<{ text: string; format: SourceFormat }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return policies(join(dir, e.name));
    const format = FORMATS[e.name.slice(e.name.lastIndexOf('.'))];
    return format ? [{ text: readFileSync(join(dir, e.name), 'utf8'), format }] : [];
  });
}

const SEEDS = [...policies(join(FIXTURES, 'rules')), ...policies(join(FIXTURES, 'cli')), ...policies(join(FIXTURES, 'real'))];

/** Pieces that break parsers and offset maps: markup, entities, line ends, controls, bidi, astral characters. */
const TOKENS = [
  '<div>', '</div>', '<p>', '</p>', '<h2>', '</h2>', '<!--', '-->', '<script>', '</script>', '<br/>', '<table><tr><td>', '&amp;', '&shy;', '&#x1F600;', '&#0;', '&nbsp;',
  '```', '#', '## ', '> ', '* ', '1. ', '|', '| --- |', '[x](', ')', '*', '_', '\\', '---\n', '<details><summary>',
  '\r\n', '\r', '\n\n', '\t', '\0', '\u00a0', '\u00ad', '\u200b', '\u202e', '\u2066', '\ufeff', '\x1b[31m', '\x1b]8;;http://x\x07', '\ud83d\ude00', 'e\u0301', '\ud800',
  'Art. 6 Abs. 1 lit. f DSGVO', 'Art. 6(1)(a) GDPR', 'Google Analytics', 'Meta Pixel', 'Cloudflare, Inc.', 'Privacy Shield', 'TTDSG', 'z. B.', 'i. V. m.',
  'Datenschutzbeauftragter: ', 'Verantwortlich ist ', 'Wir geben keine Daten an Dritte weiter.', 'Einwilligung', 'Widerruf', 'USA',
];

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'copy'; at: number; length: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 300 }) }),
  fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), length: fc.nat({ max: 300 }), to: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length ? m.at % (t.length + 1) : 0;
    if (m.kind === 'insert') t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
    else {
      const to = t.length ? m.to % (t.length + 1) : 0;
      t = t.slice(0, to) + t.slice(at, at + m.length) + t.slice(to);
    }
  }
  return t;
}

const formatArb = fc.constantFrom<SourceFormat>('html', 'markdown', 'text');
/** A seed policy with mutations, read as its own format or as another. */
const mutated = fc.record({
  seed: fc.constantFrom(...SEEDS),
  mutations: fc.array(mutation, { maxLength: 15 }),
  other: fc.option(formatArb, { freq: 4 }),
}).map(({ seed, mutations, other }) => ({ text: mutate(seed.text, mutations), format: other ?? seed.format }));
/** Text from nothing: random characters, and random sequences of the tokens. */
const random = fc.record({
  text: fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((a) => a.join(''))),
  format: formatArb,
});
const anyPolicy = fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: random, weight: 1 });

const run = (p: { text: string; format: SourceFormat }): AuditResult => auditBytes(Buffer.from(p.text, 'utf8'), { filePath: `fuzz.${p.format}`, format: p.format });

/** Line and column of an offset, as an editor counts them (lines end at \r\n, \r or \n; columns in UTF-16 units from 1). */
function pointAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (const m of text.slice(0, offset).matchAll(/\r\n|\r|\n/gu)) {
    line++;
    lineStart = m.index + m[0].length;
  }
  return { line, column: offset - lineStart + 1 };
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

describe('any policy, however broken', () => {
  it('is audited without an exception; a fatal result is a clear message, never an internal error', () => {
    fc.assert(
      fc.property(anyPolicy, (p) => {
        const r = run(p);
        expect(r.fatal ?? '').not.toMatch(/internal error/);
      }),
      { numRuns: RUNS },
    );
  });

  it('gets places inside the file that agree with its lines and columns', () => {
    fc.assert(
      fc.property(anyPolicy, (p) => {
        const bytes = Buffer.from(p.text, 'utf8');
        const r = auditBytes(bytes, { filePath: `fuzz.${p.format}`, format: p.format });
        if (r.fatal !== undefined) return; // binary or empty: nothing placed
        const source = sourceFromBytes(bytes, `fuzz.${p.format}`, p.format).text;
        const check = (pt: Point): void => {
          expect(pt.offset).toBeGreaterThanOrEqual(0);
          expect(pt.offset).toBeLessThanOrEqual(source.length);
          expect({ line: pt.line, column: pt.column }).toEqual(pointAt(source, pt.offset));
        };
        for (const f of [...r.findings, ...(r.suppressed ?? []).map((s) => s.finding)]) {
          check(f.place.start);
          check(f.place.end);
          expect(f.place.start.offset).toBeLessThanOrEqual(f.place.end.offset);
          for (const rel of f.related ?? []) {
            check(rel.place.start);
            check(rel.place.end);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gets the same result whatever was audited before it', () => {
    fc.assert(
      fc.property(anyPolicy, anyPolicy, (a, b) => {
        const first = JSON.stringify(run(b));
        run(a);
        expect(JSON.stringify(run(b))).toBe(first);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
