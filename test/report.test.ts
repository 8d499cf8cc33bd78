import type { AuditResult } from '../src/audit.js';
import { formatJson } from '../src/report/json.js';
import { sanitize } from '../src/report/sanitize.js';
import { formatStylish, wrapText } from '../src/report/stylish.js';
import { formatUnix } from '../src/report/unix.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { auditFile } from '../src/audit.js';
import { HAS_SHARED, SEEDS, itShared } from './helpers.js';
import type { Finding } from '../src/types.js';

const place = (line: number, column: number, endColumn: number) => ({
  start: { line, column, offset: 0 },
  end: { line, column: endColumn, offset: 0 },
});

const findings: Finding[] = [
  { ruleId: 'controller-identity', level: 'error', message: 'Controller missing.', place: place(3, 1, 12), section: 'DATENSCHUTZ' },
  { ruleId: 'third-country-transfer', level: 'warning', message: 'No safeguard.', place: place(40, 5, 15), vendor: 'Cloudflare' },
  { ruleId: 'dpo-contact', level: 'info', message: 'No DPO.', place: place(1, 1, 2) },
];
const results: AuditResult[] = [
  { filePath: 'policy.txt', format: 'text', encoding: 'utf-8', language: 'de', findings },
  { filePath: 'clean.md', format: 'markdown', encoding: 'utf-8', language: 'de', findings: [] },
  { filePath: 'gone.html', findings: [], fatal: 'no such file or directory' },
];

describe('json formatter', () => {
  const json = JSON.parse(formatJson(results, { cwd: '/repo' })) as Array<Record<string, unknown>>;

  it('is an ESLint-compatible array with absolute paths and counts', () => {
    expect(json.map((r) => r.filePath)).toEqual(['/repo/policy.txt', '/repo/clean.md', '/repo/gone.html']);
    expect(json[0]).toMatchObject({ errorCount: 1, warningCount: 1, infoCount: 1, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 });
    expect(json[2]).toMatchObject({ errorCount: 1, fatalErrorCount: 1 });
  });

  it('carries the fields the corpus scorer and ESLint tools read', () => {
    const messages = json[0]!.messages as Array<Record<string, unknown>>;
    expect(messages[0]).toEqual({
      ruleId: 'controller-identity', severity: 2, level: 'error', message: 'Controller missing.', line: 3, column: 1, endLine: 3, endColumn: 12, section: 'DATENSCHUTZ',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/u),
    });
    expect(messages[1]).toMatchObject({ ruleId: 'third-country-transfer', severity: 1, level: 'warning', vendor: 'Cloudflare' });
    expect(messages[2]).toMatchObject({ severity: 1, level: 'info' });
    expect(json[2]!.messages).toEqual([{ ruleId: null, fatal: true, severity: 2, level: 'error', message: 'no such file or directory', line: 1, column: 1 }]);
  });
});

describe('stylish formatter', () => {
  it('groups findings per file with aligned columns and a summary; a file not audited is counted, not listed (stderr names it)', () => {
    expect(formatStylish(results)).toBe(
      [
        '',
        'policy.txt',
        '  3:1   error    Controller missing.         controller-identity',
        '  40:5  warning  No safeguard. [Cloudflare]  third-country-transfer',
        '  1:1   info     No DPO.                     dpo-contact',
        '',
        '✖ 4 problems (2 errors, 1 warning, 1 info)',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', () => {
    expect(formatStylish([results[1]!])).toBe('');
  });

  it('wraps a long message under its column, keeping every row within the width', () => {
    const long: AuditResult = {
      filePath: 'p.md',
      findings: [{ ruleId: 'third-country-transfer', level: 'error', message: 'Stripe (Stripe, Inc., US): the policy says neither that data go to a third country (US) nor which safeguard (DPF, standard contractual clauses, Art. 49 GDPR) covers them.', place: place(80, 26, 30), vendor: 'Stripe' }],
    };
    const out = formatStylish([long], { columns: 80 });
    const rows = out.split('\n');
    expect(Math.max(...rows.map((r) => [...r].length))).toBeLessThanOrEqual(80);
    expect(rows[2]).toMatch(/^  80:26  error  Stripe \(Stripe, Inc\., US\): the policy +third-country-transfer$/u);
    // Continuation rows start under the message column.
    expect(rows[3]).toMatch(/^ {16}\S/u);
    expect(out.replace(/\s+/gu, ' ')).toContain('covers them. [Stripe]');
    // Too narrow for a message beside the rule: the rule gets a line of its own.
    const narrow = formatStylish([long], { columns: 50 }).split('\n');
    expect(Math.max(...narrow.map((r) => [...r].length))).toBeLessThanOrEqual(50);
    expect(narrow).toContain(`${' '.repeat(16)}third-country-transfer`);
  });

  it('cuts a word longer than the line (a URL) rather than overflow', () => {
    expect(wrapText('see https://example.com/a/very/long/path/that/goes/on', 20)).toEqual(['see', 'https://example.com/', 'a/very/long/path/tha', 't/goes/on']);
  });

  itShared('keeps every row of the five seeds within 80 columns', async () => {
    const files = HAS_SHARED ? readdirSync(SEEDS).map((f) => join(SEEDS, f)) : [];
    const reports = await Promise.all(files.map(async (f) => formatStylish([await auditFile(f)], { columns: 80 })));
    expect(files).toHaveLength(5);
    for (const r of reports) expect(Math.max(...r.split('\n').map((row) => [...row].length))).toBeLessThanOrEqual(80);
  });

  it('strips terminal escapes and bidi controls that come from a policy', () => {
    const evil: AuditResult = {
      filePath: 'evil\u001b[2J.txt',
      findings: [{ ruleId: 'controller-identity', level: 'error', message: 'Quote: \u001b]0;owned\u0007„\u202eevil\u202c“', place: place(1, 1, 2), section: 'x' }],
    };
    const out = formatStylish([evil], { colorLevel: 0 });
    expect(out).not.toMatch(/[\u001b\u0007\u202e\u202c]/u);
    expect(out).toContain('evil[2J.txt');
    expect(sanitize('a\u2066b\u2069c\u200fd')).toBe('abcd');
  });
});

describe('unix formatter', () => {
  it('writes file:line:col: level message [rule], one line per finding', () => {
    expect(formatUnix(results, { cwd: '/repo' }).split('\n')).toEqual([
      'policy.txt:3:1: error Controller missing. [controller-identity]',
      'policy.txt:40:5: warning No safeguard. (Cloudflare) [third-country-transfer]',
      'policy.txt:1:1: info No DPO. [dpo-contact]',
      'gone.html:0:0: error no such file or directory [fatal]',
      '',
    ]);
  });
});

describe('github formatter', () => {
  it('writes one workflow command per finding, with escaped properties and data', async () => {
    const { formatGithub } = await import('../src/report/github.js');
    const r: AuditResult = {
      filePath: 'legal/datenschutz, alt.md',
      findings: [
        { ruleId: 'controller-identity', level: 'error', message: 'Fehlt: 100%\nwirklich', place: place(3, 1, 12) },
        { ruleId: 'third-country-transfer', level: 'warning', message: 'x', place: place(4, 2, 5), vendor: 'Cloudflare' },
        { ruleId: 'dpo-contact', level: 'info', message: 'y', place: place(5, 1, 2) },
      ],
    };
    expect(formatGithub([r], { cwd: '/nonexistent-repo' }).split('\n')).toEqual([
      '::error file=legal/datenschutz%2C alt.md,line=3,col=1,endLine=3,endColumn=12,title=controller-identity::Fehlt: 100%25 wirklich',
      '::warning file=legal/datenschutz%2C alt.md,line=4,col=2,endLine=4,endColumn=5,title=third-country-transfer (Cloudflare)::x',
      '::notice file=legal/datenschutz%2C alt.md,line=5,col=1,endLine=5,endColumn=2,title=dpo-contact::y',
      '',
    ]);
  });
});

describe('markdown formatter', () => {
  it('summarises per file and lists findings per section with quote and fix', async () => {
    const { formatMarkdown } = await import('../src/report/markdown.js');
    const { builtinRules } = await import('../src/analyse/rules.js');
    const r: AuditResult = {
      filePath: 'datenschutz.md',
      findings: [{ ...findings[0]!, excerpt: 'DATENSCHUTZ <script>' }],
      suppressed: [{ finding: findings[2]!, justification: 'klein' }],
    };
    const out = formatMarkdown([r, results[2]!], { rules: builtinRules().map((x) => x.definition), lang: 'de', version: '1.2.3' });
    expect(out).toContain('# Prüfbericht Datenschutzerklärung');
    expect(out).toContain('| datenschutz.md | 1 | 0 | 0 | 1 |');
    expect(out).toContain('| gone.html | nicht lesbar: no such file or directory | | | |');
    expect(out).toContain('### DATENSCHUTZ');
    expect(out).toContain('> DATENSCHUTZ \\<script\\>');
    expect(out).toMatch(/So beheben Sie es: Nennen Sie unter einer Überschrift/u);
    expect(out).toContain('Art. 13 Abs. 1 lit. a DSGVO');
  });
});
