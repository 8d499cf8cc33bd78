/**
 * Input a crawler or a careless commit may feed policy-audit: it answers with
 * findings or one clear line, never a stack trace or a hang.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../src/audit.js';
import { FIXTURES, cli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'policy-audit-hostile-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('hostile input', () => {
  it('HTML nested 100,000 elements deep is read without its markup, positions intact', () => {
    const html = `<html><body>${'<div>'.repeat(100_000)}Datenschutz: Verantwortlich ist die Muster GmbH, Musterweg 1, 12345 Musterstadt.${'</div>'.repeat(100_000)}</body></html>`;
    const r = audit(html, { format: 'html', filePath: 'deep.html' });
    expect(r.fatal).toBeUndefined();
    expect(r.findings.map((f) => f.ruleId)).not.toContain('controller-identity');
    for (const f of r.findings) expect(f.place.end.offset).toBeLessThanOrEqual(html.length);
  }, 30_000);

  it('Markdown with thousands of nested quotes is read without its markup', () => {
    const md = `${'>'.repeat(20_000)} Datenschutz\n\nWir speichern Ihre IP-Adresse 7 Tage.\n`;
    const r = audit(md, { format: 'markdown', filePath: 'deep.md' });
    expect(r.findings.map((f) => f.ruleId)).not.toContain('retention-period');
  }, 30_000);

  it('a 1 MB single line and a line of blanks take no quadratic time', () => {
    const t0 = performance.now();
    audit('Datenschutz '.repeat(90_000), { format: 'text' });
    audit(`${' '.repeat(1_000_000)}Datenschutz${' '.repeat(1_000_000)}`, { format: 'text' });
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 30_000);

  it('an empty file and a page without text are one clear line each, exit 2, others still audited', async () => {
    const empty = file('empty.txt', '');
    const scripts = file('scripts.html', '<html><head><script>var a = 1;</script></head><body></body></html>');
    const r = await cli([empty, scripts, join(FIXTURES, 'cli', 'complete-de.md'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`policy-audit: ${empty}: the file is empty`, `policy-audit: ${scripts}: no policy text found (only markup, scripts or hidden elements)`]);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });

  it('NUL bytes and binary data named .html are refused with the file named', async () => {
    const bin = file('image.html', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]));
    const r = await cli([bin]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`policy-audit: ${bin}: binary data, not a text policy (NUL or control bytes)\n`);
  });

  it('terminal escapes and bidi controls in a policy never reach the terminal', async () => {
    const evil = file('evil.md', '# Daten\u001b[2Jschutz\n\nWir \u202everarbeiten\u202c Daten \u001b]0;pwned\u0007 nach Lust und Laune.\n');
    const r = await cli([evil], { colorLevel: 0 });
    expect(r.stdout).not.toMatch(/[\u001b\u0007\u202e\u202c]/u);
  });

  it('broken HTML is read as a browser reads it', () => {
    const r = audit('<p>Verantwortlich ist die <b>Muster GmbH<p>Musterweg 1, 12345 Musterstadt</div></span>', { format: 'html' });
    expect(r.fatal).toBeUndefined();
    expect(r.findings.map((f) => f.ruleId)).not.toContain('controller-identity');
  });
});
