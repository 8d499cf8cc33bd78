import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from '../src/audit.js';
import { FIXTURES, cli, itShared } from './helpers.js';

const COMPLETE = readFileSync(join(FIXTURES, 'cli', 'complete-de.md'), 'utf8');
const WITHOUT_RIGHTS = COMPLETE.replace(/## 6\. Ihre Rechte[\s\S]*?(?=## 7)/u, '');
const rulesOf = (r: ReturnType<typeof audit>): string[] => r.findings.map((f) => f.ruleId);

describe('suppression comments', () => {
  it('the policy without its rights section reports each missing right', () => {
    expect(rulesOf(audit(WITHOUT_RIGHTS, { format: 'markdown' }))).toEqual(
      expect.arrayContaining(['right-access', 'right-rectification', 'right-erasure', 'right-restriction', 'right-portability', 'right-complaint']),
    );
  });

  it('policy-audit-disable with rule ids and a reason, until the end of the file', () => {
    const text = `<!-- policy-audit-disable right-access, right-erasure -- Auskunft per Impressum geregelt -->\n${WITHOUT_RIGHTS}`;
    const r = audit(text, { format: 'markdown' });
    expect(rulesOf(r)).not.toContain('right-access');
    expect(rulesOf(r)).not.toContain('right-erasure');
    expect(rulesOf(r)).toContain('right-rectification');
    expect(r.suppressed?.map((s) => [s.finding.ruleId, s.justification])).toEqual([
      ['right-access', 'Auskunft per Impressum geregelt'],
      ['right-erasure', 'Auskunft per Impressum geregelt'],
    ]);
  });

  it('policy-audit-enable ends a disabled range', () => {
    const html = [
      '<!-- policy-audit-disable processing-without-basis -- Logs sind anonym -->',
      '<h2>Server-Logfiles</h2><p>Unser Hoster speichert Ihre IP-Adresse in Logdateien.</p>',
      '<!-- policy-audit-enable processing-without-basis -->',
      '<h2>Kontaktformular</h2><p>Wenn Sie uns über das Kontaktformular schreiben, speichern wir Ihre Angaben.</p>',
    ].join('\n');
    const r = audit(html, { format: 'html' });
    expect(r.findings.filter((f) => f.ruleId === 'processing-without-basis').map((f) => f.section)).toEqual(['Kontaktformular']);
    expect(r.suppressed?.map((s) => s.finding.section)).toEqual(['Server-Logfiles']);
  });

  it('policy-audit-disable-next-line covers only the next line', () => {
    const md = [
      '# Datenschutz',
      '',
      '<!-- policy-audit-disable-next-line processing-without-basis -- Grundlage steht im AV-Vertrag -->',
      '## Server-Logfiles',
      '',
      'Unser Hoster speichert Ihre IP-Adresse in Logdateien.',
      '',
      '## Kontaktformular',
      '',
      'Wenn Sie uns über das Kontaktformular schreiben, speichern wir Ihre Angaben.',
    ].join('\n');
    const r = audit(md, { format: 'markdown' });
    expect(r.findings.filter((f) => f.ruleId === 'processing-without-basis').map((f) => f.section)).toEqual(['Kontaktformular']);
    expect(r.suppressed?.map((s) => s.finding.section)).toEqual(['Server-Logfiles']);
  });

  it('a directive without rule ids covers every rule', () => {
    const r = audit(`<!-- policy-audit-disable -->\n${WITHOUT_RIGHTS}`, { format: 'markdown' });
    expect(r.findings).toEqual([]);
    expect(r.suppressed!.length).toBeGreaterThan(5);
  });

  it('reports unused suppressions and unknown rule ids, as ESLint does', () => {
    const r = audit(`<!-- policy-audit-disable right-access -- veraltet -->\n<!-- policy-audit-disable no-such-rule -->\n${COMPLETE}`, { format: 'markdown' });
    const unused = r.findings.filter((f) => f.ruleId === 'unused-suppression');
    expect(unused.map((f) => [f.place.start.line, f.level])).toEqual([
      [1, 'warning'],
      [2, 'warning'],
    ]);
    expect(unused[1]!.message).toContain('no-such-rule');
    expect(audit(`<!-- policy-audit-disable right-access -->\n${COMPLETE}`, { format: 'markdown', rules: { 'unused-suppression': 'off' } }).findings).toEqual([]);
  });

  it('counts suppressed findings in the summary and in JSON, and leaves them out of SARIF unless asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-audit-supp-'));
    const file = join(dir, 'p.md');
    writeFileSync(file, `<!-- policy-audit-disable right-access -- per Impressum -->\n${WITHOUT_RIGHTS}`);
    const stylish = await cli([file], { cwd: dir });
    expect(stylish.stdout).toMatch(/, 1 suppressed\nlaw as of \d{4}-\d{2}-\d{2}\n$/u);
    const json = JSON.parse((await cli([file, '--format', 'json'], { cwd: dir })).stdout);
    expect(json[0].suppressedMessages).toEqual([expect.objectContaining({ ruleId: 'right-access', suppressions: [{ kind: 'directive', justification: 'per Impressum' }] })]);
    const sarif = JSON.parse((await cli([file, '--format', 'sarif'], { cwd: dir })).stdout);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).not.toContain('right-access');
    const withSuppressed = JSON.parse((await cli([file, '--format', 'sarif', '--include-suppressed'], { cwd: dir })).stdout);
    const s = withSuppressed.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'right-access');
    expect(s.suppressions).toEqual([{ kind: 'inSource', justification: 'per Impressum' }]);
  });
});

describe('suppression comments on page elements and for the whole file', () => {
  const page = (head: string, tail = ''): string =>
    `<!doctype html><html lang="de"><head>\n${head}\n</head><body>\n<h1>Datenschutzerklärung</h1>\n<h2>Verantwortlicher</h2><p>Max Muster, Musterstr. 1, 12345 Berlin, max@example.de</p>\n</body></html>\n${tail}`;
  const FONT = '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">';
  const ids = (html: string): string[] => audit(html, { format: 'html' }).findings.map((f) => f.ruleId);

  it('a disable-next-line comment in <head> above the <script> or <link> it is about', () => {
    expect(ids(page(FONT))).toContain('undisclosed-tracker');
    const r = audit(page(`<!-- policy-audit-disable-next-line undisclosed-tracker -- only on the admin page -->\n${FONT}`), { format: 'html' });
    expect(r.findings.map((f) => f.ruleId)).not.toContain('undisclosed-tracker');
    expect(r.findings.map((f) => f.ruleId)).not.toContain('unused-suppression');
    expect(r.suppressed?.map((x) => [x.finding.ruleId, x.justification])).toEqual([['undisclosed-tracker', 'only on the admin page']]);
  });

  it('policy-audit-disable-line covers its own line only', () => {
    expect(ids(page(`${FONT} <!-- policy-audit-disable-line undisclosed-tracker -->`))).not.toContain('undisclosed-tracker');
    const elsewhere = ids(page(`<!-- policy-audit-disable-line undisclosed-tracker -->\n\n${FONT}`));
    expect(elsewhere).toContain('undisclosed-tracker');
    expect(elsewhere).toContain('unused-suppression');
  });

  it('policy-audit-disable-file covers the whole file, wherever it stands', () => {
    const r = ids(page(FONT, '<!-- policy-audit-disable-file dpo-contact, undisclosed-tracker -- a club of five -->\n'));
    expect(r).not.toContain('dpo-contact');
    expect(r).not.toContain('undisclosed-tracker');
    expect(r).toContain('right-access');
  });
});

describe('suppressions in the configuration (plain text has no comments)', () => {
  itShared('suppresses by rule, file pattern and vendor or section, and reports unused entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-audit-cfgsupp-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'legal'));
    writeFileSync(join(dir, 'legal', 'datenschutz.txt'), readFileSync(join(FIXTURES, '..', '..', 'shared', 'seeds', '000_e8518efb1788e8a8.txt')));
    writeFileSync(
      join(dir, '.auditrc.yaml'),
      [
        'suppressions:',
        '  - rules: [right-restriction]',
        '    files: ["legal/*.txt"]',
        '    reason: Einschränkung wird im Kundenvertrag erklärt',
        '  - rules: [processing-without-basis]',
        '    section: Cookies',
        '    reason: nur technisch notwendige Cookies',
        '  - rules: [dpo-contact]',
        '    files: ["other/**"]',
        '    reason: gilt nur für andere Seiten',
      ].join('\n'),
    );
    const json = JSON.parse((await cli(['legal', '--format', 'json'], { cwd: dir })).stdout);
    const ids = json[0].messages.map((m: { ruleId: string; section?: string }) => `${m.ruleId}${m.section ? `@${m.section}` : ''}`);
    expect(ids).not.toContain('right-restriction');
    expect(ids).not.toContain('processing-without-basis@Cookies');
    expect(ids).toContain('processing-without-basis@Server-Log-Dateien');
    expect(json[0].suppressedMessages.map((m: { ruleId: string }) => m.ruleId).sort()).toEqual(['processing-without-basis', 'right-restriction']);
    // The dpo-contact entry applies to other files only, so it is not unused here.
    expect(ids.filter((i: string) => i.startsWith('unused-suppression'))).toEqual([]);
  });

  it('requires a reason and known rule ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-audit-cfgsupp2-'));
    writeFileSync(join(dir, 'p.md'), COMPLETE);
    writeFileSync(join(dir, '.auditrc'), 'suppressions:\n  - rules: [right-access]\n');
    const r = await cli(['p.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('key "suppressions[0].reason" is required');
  });
});
