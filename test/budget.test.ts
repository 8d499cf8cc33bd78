/**
 * Every input bounded: inputs built at test time to exhaust memory or time, or never to
 * end, each get one line naming the file and the limit, exit 2, no stack trace or V8
 * dump, and the good file beside them is still reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatStylish } from '../src/report/stylish.js';
import type { AuditResult } from '../src/audit.js';
import { FIXTURES, ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const GOOD = readFileSync(join(FIXTURES, 'cli', 'missing-controller-de.md'), 'utf8');

function run(args: string[], cwd: string, input?: string | Buffer): { code: number | null; stdout: string; stderr: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-budget-'));
  writeFileSync(join(dir, 'good.md'), GOOD);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** One clean line per bad file, no stack, no V8 dump, the good file still reported. */
function expectClean(r: ReturnType<typeof run>, lines: string[]): void {
  expect(r.stderr.trim().split('\n').sort()).toEqual(lines.sort());
  expect(r.stderr).not.toMatch(/\n\s+at |Last few GCs|FATAL ERROR|internal error/u);
  expect(r.code).toBe(2);
  expect(r.stdout).toContain('good.md:');
}

describe('budgets per file', () => {
  it('a file that needs more heap than --max-memory is one line; the run goes on', () => {
    const table = `# Datenschutz\n\n|${'c|'.repeat(400)}\n|${'-|'.repeat(400)}\n${`|${'x|'.repeat(400)}\n`.repeat(400)}`;
    const dir = workspace({ 'datenschutz-tabelle.md': table });
    const r = run(['datenschutz-tabelle.md', 'good.md', '--max-memory', '64', '-f', 'unix'], dir);
    expectClean(r, ['policy-audit: datenschutz-tabelle.md: too complex to audit within 64 MB of memory (--max-memory raises the limit)']);
  }, 120_000);

  it('a file that takes longer than --max-time is one line, within the budget plus start-up', () => {
    const headings = Array.from({ length: 30_000 }, (_, i) => `# Abschnitt ${i}\n\nWir speichern Cookies.\n\n`).join('');
    const dir = workspace({ 'datenschutz-lang.md': headings });
    const r = run(['datenschutz-lang.md', 'good.md', '--max-time', '1', '-f', 'unix'], dir);
    expectClean(r, ['policy-audit: datenschutz-lang.md: too complex to audit within 1 s (--max-time raises the limit)']);
    expect(r.ms).toBeLessThan(15_000);
  }, 120_000);
});

describe('inputs that never end or block', () => {
  it('a FIFO or a device as an operand, and an endless standard input, are refused at once', () => {
    const dir = workspace({});
    spawnSync('mkfifo', [join(dir, 'datenschutz.fifo')]);
    const r = run(['datenschutz.fifo', '/dev/zero', 'good.md', '-f', 'unix'], dir);
    expectClean(r, [
      'policy-audit: datenschutz.fifo: not a regular file (a FIFO, device or socket); policy-audit reads files only',
      'policy-audit: /dev/zero: not a regular file (a FIFO, device or socket); policy-audit reads files only',
    ]);
    const stdin = run(['-', '--max-file-size', '1'], dir, Buffer.alloc(3 * 1024 * 1024));
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toBe('policy-audit: <stdin>: standard input is too large to audit: more than 1 MB (--max-file-size raises the limit)\n');
  });

  it('a configuration too large or not a file, and a rule file that is a FIFO, are one line each', () => {
    const dir = workspace({ 'big/.auditrc': `# ${'x'.repeat(2 * 1024 * 1024)}\n`, 'big/datenschutz.md': GOOD, 'fifo-rules/.auditrc': 'rule-dirs: [rules]\n', 'fifo-rules/datenschutz.md': GOOD });
    mkdirSync(join(dir, 'fifo-rules', 'rules'));
    spawnSync('mkfifo', [join(dir, 'fifo-rules', 'rules', 'r.yaml')]);
    const r = run(['big/datenschutz.md', 'fifo-rules/datenschutz.md', 'good.md', '-f', 'unix'], dir);
    expectClean(r, [
      'policy-audit: big/.auditrc: the configuration is too large: 2.0 MB, the limit is 1 MB',
      'policy-audit: fifo-rules/rules/r.yaml: cannot read the rule file: not a regular file (a FIFO, device or socket); policy-audit reads files only',
    ]);
  });

  it('a pattern of a user rule that backtracks on runs of its own characters is one line; the other files go on', () => {
    for (const pattern of ['(_+)+$', '(x+x+)+y', '_[a-z_]*_%']) {
      const rule = `id: my-rule\nlevel: error\nreference: {law: GDPR, article: 13, cite: {de: Art. 13, en: Art. 13}}\ntitle: {de: T, en: T}\nmessage: {de: M, en: M}\ndescription: {de: D, en: D}\nfix: {de: F, en: F}\ntags: [x]\nprecision: high\ncheck:\n  kind: presence\n  patterns: ["${pattern}"]\n`;
      const dir = workspace({ 'own/.auditrc': 'rule-dirs: [rules]\n', 'own/rules/r.yaml': rule, 'own/datenschutz.md': GOOD });
      const r = run(['own/datenschutz.md', 'good.md', '-f', 'unix'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^policy-audit: own\/rules\/r\.yaml: invalid rule file: key "check\.patterns\[0\]" backtracks catastrophically/u);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toContain('good.md:');
      expect(r.ms).toBeLessThan(15_000);
    }
  }, 120_000);

  it('a directory walk or glob does not follow a link out of the tree', () => {
    const dir = workspace({ 'site/datenschutz.md': GOOD });
    symlinkSync('/', join(dir, 'site', 'root'));
    for (const operand of ['site', 'site/**/*.md']) {
      const r = run([operand, '-f', 'unix'], dir);
      expect(r.code).toBe(1);
      expect(r.ms).toBeLessThan(20_000);
      expect(r.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('site/datenschutz.md:'))).toBe(true);
    }
  });
});

describe('defects that were internal errors', () => {
  it.each([
    [['--shard', '1/2', '--shard', '2/2', 'good.md'], 'policy-audit: --shard is given 2 times ("1/2", "2/2"); give it once'],
    [['--config', 'a', '--config', 'b', 'good.md'], 'policy-audit: --config is given 2 times ("a", "b"); give it once'],
    [['--stdin-filename', 'a.md', '--stdin-filename', 'b.md', '-'], 'policy-audit: --stdin-filename is given 2 times ("a.md", "b.md"); give it once'],
  ])('%j', (args, line) => {
    const r = run(args, workspace({}));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(line);
  });

  it.each(['__proto__', 'constructor', 'toString'])('a user rule whose check kind is %s is an unknown kind', (kind) => {
    const dir = workspace({ '.auditrc': 'rule-dirs: [rules]\n', 'rules/r.yaml': `id: my-rule\nlevel: error\nreference: {law: GDPR, article: 13, cite: {de: Art. 13, en: Art. 13}}\ntitle: {de: T, en: T}\nmessage: {de: M, en: M}\ndescription: {de: D, en: D}\nfix: {de: F, en: F}\ntags: [x]\nprecision: high\ncheck:\n  kind: ${kind}\n` });
    const r = run(['good.md'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policy-audit: rules\/r\.yaml: invalid rule file: key "check\.kind" names an unknown check kind/u);
  });

  it('a lexicon reference to an object member names no entry', () => {
    const dir = workspace({ '.auditrc': 'rule-dirs: [rules]\n', 'rules/r.yaml': 'id: my-rule\nlevel: error\nreference: {law: GDPR, article: 13, cite: {de: Art. 13, en: Art. 13}}\ntitle: {de: T, en: T}\nmessage: {de: M, en: M}\ndescription: {de: D, en: D}\nfix: {de: F, en: F}\ntags: [x]\nprecision: high\ncheck:\n  kind: presence\n  patterns: ["@claims/constructor"]\n' });
    const r = run(['good.md'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown lexicon entry @claims\/constructor/u);
    expect(r.stderr).not.toContain('internal error');
  });

  it('init where no file can be written says so', () => {
    const r = run(['init'], '/proc');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policy-audit: \/proc\/\.auditrc: cannot write the configuration/u);
  });

  it('--jobs is capped by the number of files and cores', () => {
    const dir = workspace({ 'a/datenschutz.md': GOOD, 'b/datenschutz.md': GOOD });
    const r = run(['a/datenschutz.md', 'b/datenschutz.md', '--jobs', '1000', '-f', 'unix'], dir);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('stylish writes 200,000 findings without overflowing the call stack', () => {
    const place = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } };
    const many: AuditResult = { filePath: 'p.md', findings: Array.from({ length: 200_000 }, () => ({ ruleId: 'dpo-contact', level: 'info' as const, message: 'No DPO.', place })) };
    expect(formatStylish([many]).split('\n').length).toBeGreaterThan(200_000);
  });
});
