/**
 * A long Markdown document is parsed in parts cut between its top-level blocks; the text, blocks and
 * links it gives must be exactly those of parsing it whole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHUNKED_FROM, cutPoints, parseMarkdown, parseMarkdownTree } from '../src/parse/markdown.js';
import { FIXTURES } from './helpers.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
}

/** Parsed in parts, the document gives exactly the text, blocks, links, resources and comments of the whole. */
function expectPartsAsWhole(source: string): void {
  const whole = parseMarkdown(source, false);
  const inParts = parseMarkdown(source, true);
  expect(inParts.text).toBe(whole.text);
  expect(inParts.blocks).toEqual(whole.blocks);
  expect(inParts.links).toEqual(whole.links);
  expect(inParts.resources).toEqual(whole.resources);
  expect(inParts.comments).toEqual(whole.comments);
}

describe('Markdown parsed in parts', () => {
  // Every Markdown fixture, one after another, with a fenced block and an open HTML comment that
  // hide a heading line from the cutter, and a reference link defined far from its use.
  const parts = markdownFiles(FIXTURES).sort().map((f) => readFileSync(f, 'utf8'));
  const source = [
    'Siehe [unsere Hinweise][hinweise].\n',
    ...parts,
    ...parts,
    ...parts,
    ...parts,
    '```\n\n# kein Abschnitt im Code\n```\n',
    '<!--\n\n# kein Abschnitt im Kommentar\n-->\n',
    '[hinweise]: https://example.org/hinweise\n',
  ].join('\n\n');

  it('is cut at the start of a top-level block, never inside fenced code or an HTML comment', () => {
    expect(source.length).toBeGreaterThan(CHUNKED_FROM);
    const cuts = cutPoints(source);
    expect(cuts.length).toBeGreaterThan(2);
    for (const at of cuts) {
      expect(source[at - 1]).toBe('\n');
      expect(source[at]).toMatch(/\S/u);
    }
    const hidden = [source.indexOf('# kein Abschnitt im Code'), source.indexOf('# kein Abschnitt im Kommentar')];
    for (const at of hidden) expect(cuts).not.toContain(at);
  });

  it('gives the same text, blocks and links as the whole', () => {
    expectPartsAsWhole(source);
  });

  // Blocks a cut between them could change: a long tight list with lazy lines and nested items,
  // quotes and lists with blank lines inside, indented code, setext headings, ordered lists that
  // would not interrupt a paragraph, processing instructions and comments with blank lines.
  const shapes = (i: number): string =>
    [
      `Absatz ${i} über Cookies\nmit einer zweiten Zeile.`,
      `- Punkt ${i}\nfaule Fortsetzung ${i}\n- zweiter Punkt\n  - verschachtelt\n- dritter Punkt`,
      `> Zitat ${i}\n>\n> mit Leerzeile\nfaul weiter`,
      `1. eins\n\n   weiter in eins\n\n2. zwei`,
      `Text ${i}\n2. keine Liste, nur Fortsetzung`,
      `    eingerückter Code ${i}\n\n    noch Code`,
      `Überschrift ${i}\n===`,
      `<?php\n\necho ${i};\n?>`,
      `<!-- Kommentar ${i}\n\n# kein Abschnitt ${i}\n-->`,
      `* Stern ${i}\n* Stern\n+ Plus ${i}`,
      `**Fett ${i}**\nText mit [Verweis][hinweise].`,
    ].join('\n\n');
  const bullets = Array.from({ length: 4000 }, (_, i) => (i % 7 === 3 ? `- Punkt ${i}\n  mit Fortsetzung` : `- Punkt ${i} über [Verweis][hinweise]`)).join('\n');
  const table = `| Dienst | Zweck | Speicherdauer |\n| :--- | --- | ---: |\n${Array.from({ length: 3000 }, (_, i) => `| Dienst ${i} | **Analyse** ${i} | ${i} Tage |`).join('\n')}\nFortsetzung ohne Strich`;
  const shaped = ['Siehe [unsere Hinweise][hinweise].', ...Array.from({ length: 700 }, (_, i) => shapes(i)), bullets, table, 'Danach ein Absatz.', '[hinweise]: https://example.org/hinweise'].join('\n\n');

  it('cuts paragraphs, quotes, lists and HTML blocks as the whole parse reads them', () => {
    expect(shaped.length).toBeGreaterThan(CHUNKED_FROM);
    const cuts = cutPoints(shaped);
    expect(cuts.length).toBeGreaterThan(4);
    expect(cuts.some((at) => shaped.startsWith('- Punkt', at))).toBe(true);
    expect(cuts.some((at) => shaped.startsWith('| Dienst ', at) && at > shaped.indexOf('| :---'))).toBe(true);
    expectPartsAsWhole(shaped);
  });

  it('keeps positions in the whole document', () => {
    const tree = parseMarkdownTree(source, true);
    const comment = tree.children.filter((n) => n.type === 'html' && n.value.includes('Abschnitt im Kommentar'));
    expect(comment).toHaveLength(1);
    const node = comment[0]! as { value: string; position: { start: { offset: number }; end: { offset: number } } };
    expect(source.slice(node.position.start.offset, node.position.end.offset)).toBe(node.value);
  });
});
