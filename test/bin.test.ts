/**
 * The installed command end to end, as a user or a CI job runs it: a separate
 * process, real exit codes, JSON that parses (nothing else on stdout).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SEEDS, itShared } from './helpers.js';

const BIN = join(ROOT, 'dist', 'cli.js');

function runBin(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
}

describe('dist/cli.js', () => {
  itShared('reports controller-identity for seed 004 and for no other seed', () => {
    const seeds = ['000_e8518efb1788e8a8.txt', '001_8654cea48313683a.txt', '002_4acff2a4341f0b11.txt', '003_7f67f3a0b2b73db6.txt', '004_4a12eb166355a894.txt'];
    const r = runBin(['--format', 'json', ...seeds.map((s) => join(SEEDS, s))]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
    const flagged = json.filter((f) => f.messages.some((m) => m.ruleId === 'controller-identity')).map((f) => f.filePath.split('/').pop());
    expect(flagged).toEqual(['004_4a12eb166355a894.txt']);
  });

  itShared('exits 2 with one line on stderr for a missing file and still audits the rest', () => {
    const r = runBin(['nope.html', join(SEEDS, '000_e8518efb1788e8a8.txt')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('policy-audit: nope.html: no such file or directory\n');
  });

  it('reads stdin', () => {
    const r = runBin(['-', '--stdin-filename', 'p.md', '--format', 'json'], '# Datenschutz\n\n## Verantwortlicher\n\nSiehe Impressum.\n');
    expect(r.status).toBe(1);
    const messages = JSON.parse(r.stdout)[0].messages as Array<{ ruleId: string }>;
    expect(messages.find((m) => m.ruleId === 'controller-identity')).toMatchObject({ line: 3, column: 4 });
  });

  it('stores V8 code cache beside the bundle after a run, and replaces a broken one', () => {
    // A copy of the installed command: dist/ (no dependencies needed, they are bundled), rules/, package.json.
    const root = mkdtempSync(join(tmpdir(), 'policy-audit-bin-'));
    mkdirSync(join(root, 'dist'));
    for (const f of ['cli.js', 'cli.cjs', 'worker.js', 'builtin-data.json']) cpSync(join(ROOT, 'dist', f), join(root, 'dist', f));
    cpSync(join(ROOT, 'rules'), join(root, 'rules'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    const cache = join(root, 'dist', 'cli.cjs.cache');
    const policy = join(ROOT, 'fixtures', 'cli', 'complete-de.md');
    const run = () => spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), policy, '--format', 'json'], { encoding: 'utf8' });
    expect(existsSync(cache)).toBe(false);
    const first = run();
    expect(first.status).toBe(0);
    expect(statSync(cache).size).toBeGreaterThan(100_000);
    writeFileSync(cache, 'not a code cache');
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(readFileSync(cache).length).toBeGreaterThan(100_000);
  });
});
