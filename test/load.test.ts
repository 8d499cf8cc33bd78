import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from '../src/load/decode.js';
import { expandInputs, readSource, sniffFormat, sourceFromBytes } from '../src/load/inputs.js';
import { PolicyDocument } from '../src/document/document.js';
import { UserError } from '../src/types.js';
import { FIXTURES } from './helpers.js';

const enc = (name: string): string => join(FIXTURES, 'encoding', name);

describe('charsets', () => {
  it('reads UTF-8 with a BOM and drops the BOM', async () => {
    const src = await readSource(enc('utf8-bom.txt'));
    expect(src.encoding).toBe('utf-8');
    expect(src.text.startsWith('Datenschutzerklärung')).toBe(true);
  });

  it.each([
    ['utf16le-bom.txt', 'utf-16le'],
    ['utf16be-bom.txt', 'utf-16be'],
  ])('reads %s', async (file, encoding) => {
    const src = await readSource(enc(file));
    expect(src.encoding).toBe(encoding);
    expect(src.text).toContain('Bäckerei Groß e.K.');
    expect(src.text).toContain('80331 München');
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8', async () => {
    const src = await readSource(enc('cp1252-undeclared.txt'));
    expect(src.encoding).toBe('windows-1252');
    expect(src.text).toContain('Hauptstraße 5');
    // 0x96 is an en dash in Windows-1252 (a C1 control in ISO-8859-1).
    expect(src.text).toContain('Daten – jederzeit');
  });

  it('honours <meta charset> in HTML', async () => {
    const src = await readSource(enc('latin1-meta.html'));
    expect(src.encoding).toBe('windows-1252');
    expect(src.text).toContain('Königstraße 12');
  });

  it('prefers the declared charset even when the bytes would pass as UTF-8', () => {
    const bytes = Buffer.from('<meta charset="windows-1252"><p>Ã¤</p>', 'utf8');
    expect(decode(bytes, 'html', 'x.html').encoding).toBe('windows-1252');
  });

  it('decodes UTF-8 without a BOM as UTF-8', () => {
    expect(decode(Buffer.from('Löschung', 'utf8'), 'text', 'x.txt')).toEqual({ text: 'Löschung', encoding: 'utf-8' });
  });

  it('rejects binary data with a one-line message', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(() => decode(bytes, 'html', 'logo.html')).toThrow(UserError);
    expect(() => decode(bytes, 'html', 'logo.html')).toThrow(/binary/);
  });

  it('reports positions in decoded text: UTF-16 and Windows-1252 files give the same lines and columns', () => {
    const places = ['utf16le-bom.txt', 'utf16be-bom.txt', 'cp1252-undeclared.txt', 'utf8-bom.txt', 'utf8-crlf.txt'].map((f) => {
      const src = sourceFromBytes(readFileSync(enc(f)), f);
      const doc = new PolicyDocument({ path: f, source: src.text, format: src.format });
      const at = doc.text.indexOf('80331 München');
      const place = doc.place(at, at + '80331 München'.length);
      expect(src.text.slice(place.start.offset, place.end.offset)).toBe('80331 München');
      return [place.start.line, place.start.column, place.end.line, place.end.column];
    });
    for (const p of places) expect(p).toEqual([6, 1, 6, 14]);
  });
});

describe('inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-audit-inputs-'));
  mkdirSync(join(dir, 'site', 'de', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'site', 'node_modules', 'pkg'), { recursive: true });
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'site', 'datenschutz.html'), '<p>x</p>');
  writeFileSync(join(dir, 'site', 'de', 'privacy.md'), '# x');
  writeFileSync(join(dir, 'site', 'de', 'deep', 'policy.txt'), 'x');
  writeFileSync(join(dir, 'site', 'de', 'deep', 'old.markdown'), 'x');
  writeFileSync(join(dir, 'site', 'de', 'deep', 'page.htm'), 'x');
  writeFileSync(join(dir, 'site', 'app.js'), 'x');
  writeFileSync(join(dir, 'site', 'node_modules', 'pkg', 'README.md'), 'x');

  it('walks directories recursively for policy extensions, skipping node_modules', async () => {
    const inputs = await expandInputs(['site'], dir);
    expect(inputs).toEqual(
      ['site/datenschutz.html', 'site/de/deep/old.markdown', 'site/de/deep/page.htm', 'site/de/deep/policy.txt', 'site/de/privacy.md'].map(
        (path) => ({ kind: 'file', path, found: true }),
      ),
    );
  });

  it('expands globs', async () => {
    const inputs = await expandInputs(['site/**/*.md'], dir);
    expect(inputs).toEqual([{ kind: 'file', path: 'site/de/privacy.md', found: true }]);
  });

  it('turns missing paths, empty directories and empty globs into errors, keeping the rest', async () => {
    const inputs = await expandInputs(['missing.html', 'empty', 'site/datenschutz.html', 'nothing/*.html', '-'], dir);
    expect(inputs).toEqual([
      { kind: 'error', path: 'missing.html', message: 'no such file or directory' },
      { kind: 'error', path: 'empty', message: expect.stringContaining('no policy files') },
      { kind: 'file', path: 'site/datenschutz.html' },
      { kind: 'error', path: 'nothing/*.html', message: 'no policy files match this pattern' },
      { kind: 'stdin' },
    ]);
  });

  it('audits a file named twice once', async () => {
    expect(await expandInputs(['site/datenschutz.html', './site/datenschutz.html'], dir)).toHaveLength(1);
  });

  it('sniffs the format of text without a telling name', () => {
    expect(sniffFormat('<!DOCTYPE html><html><body><p>Hi</p>')).toBe('html');
    expect(sniffFormat('# Datenschutz\n\nText')).toBe('markdown');
    expect(sniffFormat('DATENSCHUTZ\n\nText ohne Auszeichnung.')).toBe('text');
  });

  it('names a missing file in a UserError', async () => {
    await expect(readSource(join(dir, 'nope.txt'))).rejects.toThrow(UserError);
  });
});
