/**
 * Places reported in the original source: entities, inline tags, Markdown
 * syntax and CRLF must not shift them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit, auditFile } from '../src/audit.js';
import { PolicyDocument } from '../src/document/document.js';
import { FIXTURES, SEEDS, itShared } from './helpers.js';

function placeOf(doc: PolicyDocument, needle: string, nth = 0): { slice: string; line: number; column: number; endLine: number; endColumn: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = doc.text.indexOf(needle, at + 1);
  expect(at).toBeGreaterThanOrEqual(0);
  const p = doc.place(at, at + needle.length);
  return { slice: doc.source.slice(p.start.offset, p.end.offset), line: p.start.line, column: p.start.column, endLine: p.end.line, endColumn: p.end.column };
}

describe('positions in HTML', () => {
  const source = [
    '<!DOCTYPE html>',
    '<html><head><title>T</title><script>var x = "Löschung";</script></head><body>',
    '<nav><a href="/">Start</a> Löschung im Menü</nav>',
    '<main>',
    '  <h1>Daten&shy;schutz&shy;erkl&auml;rung</h1>',
    '  <p>Die Verarbeitung erfolgt gem&auml;&szlig; <strong>Art. 6 Abs. 1 lit. f</strong> DSGVO &amp; dem',
    '     <a href="#x">TDDDG</a>. Sie haben ein Recht auf L&#246;schung.</p>',
    '</main></body></html>',
  ].join('\n');
  const doc = new PolicyDocument({ path: 'p.html', source, format: 'html' });

  it('leaves out scripts and navigation', () => {
    expect(doc.text).not.toContain('var x');
    expect(doc.text).not.toContain('Menü');
  });

  it('maps text through named and numeric entities', () => {
    const lines = source.split('\n');
    const col = (line: number, raw: string): number => lines[line - 1]!.indexOf(raw) + 1;
    expect(placeOf(doc, 'gemäß')).toEqual({ slice: 'gem&auml;&szlig;', line: 6, column: col(6, 'gem&'), endLine: 6, endColumn: col(6, 'gem&') + 16 });
    expect(placeOf(doc, 'Löschung')).toEqual({ slice: 'L&#246;schung', line: 7, column: col(7, 'L&#'), endLine: 7, endColumn: col(7, 'L&#') + 13 });
    expect(col(6, 'gem&')).toBe(31);
  });

  it('drops soft hyphens from the text but keeps their span in the place', () => {
    expect(doc.text).toContain('Datenschutzerklärung');
    expect(placeOf(doc, 'Datenschutzerklärung').slice).toBe('Daten&shy;schutz&shy;erkl&auml;rung');
  });

  it('keeps a sentence with inline tags whole and spans the tags', () => {
    const s = doc.sentences.find((x) => doc.slice(x.start, x.end).startsWith('Die Verarbeitung'))!;
    expect(doc.slice(s.start, s.end)).toBe('Die Verarbeitung erfolgt gemäß Art. 6 Abs. 1 lit. f DSGVO & dem TDDDG.');
    const p = doc.place(s.start, s.end);
    expect(source.slice(p.start.offset, p.end.offset)).toBe(
      'Die Verarbeitung erfolgt gem&auml;&szlig; <strong>Art. 6 Abs. 1 lit. f</strong> DSGVO &amp; dem\n     <a href="#x">TDDDG</a>.',
    );
  });
});

describe('positions in Markdown', () => {
  const source = [
    '---',
    'title: "Datenschutz: Verantwortlicher"',
    '---',
    '',
    '# Datenschutzerkl&auml;rung',
    '',
    'Wir speichern **Ihre IP-Adresse** für \\*7\\* Tage',
    'und löschen sie dann.',
    '',
    '> Zitat mit [Link](https://example.org) und Löschung.',
  ].join('\n');
  const doc = new PolicyDocument({ path: 'p.md', source, format: 'markdown' });

  it('skips front matter', () => {
    expect(doc.text).not.toContain('title');
    expect(doc.sections[1]?.heading).toBe('Datenschutzerklärung');
  });

  it('maps through emphasis, escapes and line ends', () => {
    expect(placeOf(doc, 'IP-Adresse')).toMatchObject({ slice: 'IP-Adresse', line: 7, column: 22 });
    expect(placeOf(doc, '*7*')).toMatchObject({ slice: '\\*7\\*', line: 7, column: 39 });
    expect(placeOf(doc, 'löschen')).toMatchObject({ slice: 'löschen', line: 8, column: 5 });
    expect(placeOf(doc, 'Link und Löschung')).toMatchObject({ slice: 'Link](https://example.org) und Löschung', line: 10, column: 14 });
  });
});

describe('positions in plain text', () => {
  itShared('maps every seed heading back to its own line', () => {
    const file = join(SEEDS, '002_4acff2a4341f0b11.txt');
    const source = readFileSync(file, 'utf8');
    const doc = new PolicyDocument({ path: file, source, format: 'text' });
    const lines = source.split('\n');
    for (const s of doc.sections.slice(1)) {
      const p = doc.place(s.headingStart, s.headingEnd);
      expect(lines[p.start.line - 1]!.trim()).toBe(s.heading);
      expect(source.slice(p.start.offset, p.end.offset)).toBe(s.heading);
    }
  });

  it('is right with CRLF line ends', () => {
    const doc = new PolicyDocument({ path: 'x.txt', source: 'Datenschutz\r\n\r\nVerantwortlicher\r\nMuster GmbH\r\nMusterweg 1\r\n', format: 'text' });
    expect(placeOf(doc, 'Musterweg 1')).toEqual({ slice: 'Musterweg 1', line: 5, column: 1, endLine: 5, endColumn: 12 });
  });
});

describe('positions of findings', () => {
  itShared('points a controller finding at the title line of a text policy', async () => {
    const file = join(SEEDS, '004_4a12eb166355a894.txt');
    const result = await auditFile(file);
    const f = result.findings.find((x) => x.ruleId === 'controller-identity')!;
    const source = readFileSync(file, 'utf8');
    expect(source.slice(f.place.start.offset, f.place.end.offset)).toBe('DATENSCHUTZ');
    expect(f.place.start).toMatchObject({ line: 3, column: 1 });
  });

  it('points at the controller section heading when there is one, in HTML and Markdown', () => {
    const html = '<h1>Datenschutz</h1>\n<h2>Verantwortliche&nbsp;Stelle</h2>\n<p>Siehe Impressum.</p>';
    const h = audit(html, { format: 'html' }).findings.find((x) => x.ruleId === 'controller-identity')!;
    expect(html.slice(h.place.start.offset, h.place.end.offset)).toBe('Verantwortliche&nbsp;Stelle');
    expect(h.section).toBe('Verantwortliche Stelle');
    const md = '# Datenschutz\n\n## Verantwortlicher\n\nSiehe Impressum.\n';
    const m = audit(md, { format: 'markdown' }).findings.find((x) => x.ruleId === 'controller-identity')!;
    expect(m.place.start).toMatchObject({ line: 3, column: 4 });
    expect(md.slice(m.place.start.offset, m.place.end.offset)).toBe('Verantwortlicher');
  });

  it('finds the controller in a <pre> block with line ends', async () => {
    const html = '<article><h2>Datenschutz</h2><pre>Muster e.V.\nKirchweg 1\n34260 Kaufungen</pre><p>(im Folgenden „wir“) ist als Betreiber der Webseite Verantwortlicher im Sinne der DSGVO.</p></article>';
    expect(audit(html, { format: 'html' }).findings.map((f) => f.ruleId)).not.toContain('controller-identity');
    expect((await auditFile(join(FIXTURES, 'encoding', 'latin1-meta.html'))).findings.map((f) => f.ruleId)).not.toContain('controller-identity');
  });
});
