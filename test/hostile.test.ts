/**
 * Input a crawler or a careless commit may feed policy-audit: it answers with
 * findings or one clear line, never a stack trace or a hang.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../src/audit.js';
import { FIXTURES, ROOT, cli } from './helpers.js';

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

  it('markup too deep to parse, with thousands of unclosed "<", "<!--" or "<script", takes no quadratic time', () => {
    // Too deep for a tree, the text is read with its markup blanked out; each unclosed mark asked
    // for its end anew took 5 s on 100 KB of "<" (and grew with the square).
    const t0 = performance.now();
    for (const run of ['<', '<!--', '<script ', '<style>']) {
      const r = audit(`${'>'.repeat(20_000)} Datenschutz\n\n${run.repeat(Math.floor(300_000 / run.length))} Wir speichern Ihre Daten.\n`, { format: 'markdown' });
      expect(r.fatal).toBeUndefined();
      expect(r.findings.length).toBeGreaterThan(0);
    }
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 60_000);

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

  it('a 50 MB HTML file is one clear line under the default limit, and is audited when the limit allows it', async () => {
    const body = readFileSync(join(FIXTURES, 'cli', 'complete-en.html'), 'utf8');
    const big = file('huge.html', `<html><body>${'<div><p>Filler text of a crawled page.</p></div>'.repeat(1_100_000)}${body}</body></html>`);
    const r = await cli([big, join(FIXTURES, 'cli', 'complete-de.md'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policy-audit: \S+huge\.html: file is too large to audit: 5\d\.\d MB, the limit is 10 MB \(--max-file-size raises it\)\n$/);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
  });

  it('broken HTML is read as a browser reads it', () => {
    const r = audit('<p>Verantwortlich ist die <b>Muster GmbH<p>Musterweg 1, 12345 Musterstadt</div></span>', { format: 'html' });
    expect(r.fatal).toBeUndefined();
    expect(r.findings.map((f) => f.ruleId)).not.toContain('controller-identity');
  });

  it('every kind of bad input in one run: one line each naming the file, exit 2, the good files audited, no stack trace', () => {
    const run = mkdtempSync(join(tmpdir(), 'policy-audit-hostile-run-'));
    chmodSync(run, 0o755);
    const put = (name: string, content: string | Buffer): string => {
      mkdirSync(join(run, name, '..'), { recursive: true });
      writeFileSync(join(run, name), content);
      return name;
    };
    copyFileSync(join(FIXTURES, 'cli', 'complete-de.md'), join(run, 'good.md'));
    put('empty.md', '');
    put('logo.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    put('nul.md', `# Datenschutz\n\nText${'\0'.repeat(50)} mehr Text.\n`);
    put('latin1.txt', Buffer.from('Datenschutzerkl\xe4rung\nVerantwortlich ist die M\xfcller GmbH.\n', 'latin1'));
    put('one-line.txt', `Datenschutz. ${'Wir verarbeiten Daten, die Sie uns geben, '.repeat(25_000)}`);
    put('big.html', `<html><body><p>Datenschutz</p><script>${'x'.repeat(2 * 1024 * 1024)}</script></body></html>`);
    put('locked.md', '# Datenschutz\n');
    chmodSync(join(run, 'locked.md'), 0o000);
    mkdirSync(join(run, 'empty-dir'));
    put('broken-config/.auditrc', 'rules: [\n');
    put('broken-config/policy.md', '# Datenschutz\n');
    put('bad-rule/.auditrc', 'rule-dirs: [rules]\n');
    put('bad-rule/rules/r.yaml', 'id: [\n');
    put('bad-rule/policy.md', '# Datenschutz\n');
    // Root reads any file: the run goes to an unprivileged user where it can (setpriv, and a
    // checkout that user may read), so that permission is really denied.
    const cli = join(ROOT, 'dist', 'cli.js');
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
    const nobody = setpriv ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const readable = `for (const f of ${JSON.stringify([cli, join(ROOT, 'dist', 'cli.cjs'), join(ROOT, 'rules', 'law.yaml')])}) require('fs').accessSync(f, require('fs').constants.R_OK)`;
    const root = process.getuid?.() === 0;
    const asNobody = root && setpriv !== undefined && spawnSync(nobody[0]!, [...nobody.slice(1), process.execPath, '-e', readable], { cwd: run }).status === 0;
    const denied = !root || asNobody;
    const command = asNobody ? [...nobody, process.execPath] : [process.execPath];
    const args = [cli, '.', 'missing.md', 'empty-dir', '--max-file-size', '1.5', '--format', 'json', '--jobs', '2'];
    const r = spawnSync(command[0]!, [...command.slice(1), ...args], { cwd: run, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const lines = r.stderr.trim().split('\n').sort();
    expect(lines).toEqual([
      'policy-audit: bad-rule/rules/r.yaml: invalid rule file: unexpected end of the stream within a flow collection (line 2)',
      'policy-audit: big.html: file is too large to audit: 2.0 MB, the limit is 1.5 MB (--max-file-size raises it)',
      'policy-audit: broken-config/.auditrc: invalid configuration: unexpected end of the stream within a flow collection (line 2)',
      'policy-audit: empty-dir: directory holds no policy files (.html, .htm, .md, .markdown, .txt)',
      'policy-audit: empty.md: the file is empty',
      ...(denied ? ['policy-audit: locked.md: permission denied'] : []),
      'policy-audit: logo.html: binary data, not a text policy (NUL or control bytes)',
      'policy-audit: missing.md: no such file or directory',
      'policy-audit: nul.md: binary data, not a text policy (NUL or control bytes)',
    ].sort());
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; fatal?: boolean }> }>;
    const audited = report.filter((f) => !f.messages.some((m) => m.fatal)).map((f) => f.filePath.slice(run.length + 1)).sort();
    expect(audited).toEqual(['good.md', 'latin1.txt', ...(denied ? [] : ['locked.md']), 'one-line.txt'].sort());
  }, 120_000);
});
