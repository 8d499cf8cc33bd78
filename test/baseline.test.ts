import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, cli } from './helpers.js';

// A policy without its controller; the baseline workflow of a team adopting policy-audit on it.
const BASE = readFileSync(join(FIXTURES, 'cli', 'missing-controller-de.md'), 'utf8');
const WITHOUT_COMPLAINT = BASE.replace('Sie haben das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren (Art. 77 DSGVO).', '');
const GOOGLE_FONTS = '\n## 8. Google Fonts\n\nWir binden Google Fonts von den Servern der Google Ireland Limited ein. Rechtsgrundlage ist unser berechtigtes Interesse an einer einheitlichen Darstellung (Art. 6 Abs. 1 lit. f DSGVO).\n';

interface JsonFile {
  filePath: string;
  messages: Array<{ ruleId: string; fingerprint: string; vendor?: string }>;
  suppressedMessages: Array<{ ruleId: string; suppressions: Array<{ kind: string }> }>;
  baseline?: { new: number; unchanged: number; fixed: Array<{ ruleId: string }> };
}

function workspace(policy: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pa-baseline-'));
  const file = join(dir, 'datenschutz.md');
  writeFileSync(file, policy);
  return { dir, file };
}

describe('--baseline', () => {
  it('writes fingerprints that do not depend on line numbers', async () => {
    const { dir } = workspace(WITHOUT_COMPLAINT);
    const first = JSON.parse((await cli(['--format', 'json', 'datenschutz.md'], { cwd: dir })).stdout) as JsonFile[];
    writeFileSync(join(dir, 'datenschutz.md'), `Vorwort in einer neuen Zeile.\n\n${WITHOUT_COMPLAINT}`);
    const moved = JSON.parse((await cli(['--format', 'json', 'datenschutz.md'], { cwd: dir })).stdout) as JsonFile[];
    expect(first[0]!.messages.map((m) => m.ruleId).sort()).toEqual(['controller-identity', 'right-complaint']);
    expect(moved[0]!.messages.map((m) => m.fingerprint).sort()).toEqual(first[0]!.messages.map((m) => m.fingerprint).sort());
  });

  it('passes when a line is added above a finding and another finding is fixed, and lists the fixed one', async () => {
    const { dir } = workspace(WITHOUT_COMPLAINT);
    expect((await cli(['--format', 'json', '-o', join(dir, '.policy-audit-baseline.json'), 'datenschutz.md'], { cwd: dir })).code).toBe(1);
    // A line above the controller finding, and the complaint right added back.
    writeFileSync(join(dir, 'datenschutz.md'), `Vorwort in einer neuen Zeile.\n\n${BASE}`);
    const r = await cli(['--baseline', '.policy-audit-baseline.json', 'datenschutz.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fixed {2}.*right-complaint, was at line \d+/u);
    expect(r.stdout).toContain('no new findings (1 in the baseline, 1 fixed since)');
    const json = JSON.parse((await cli(['--baseline', '.policy-audit-baseline.json', '--format', 'json', 'datenschutz.md'], { cwd: dir })).stdout) as JsonFile[];
    expect(json[0]!.messages).toEqual([]);
    expect(json[0]!.suppressedMessages).toEqual([expect.objectContaining({ ruleId: 'controller-identity', suppressions: [expect.objectContaining({ kind: 'baseline' })] })]);
    expect(json[0]!.baseline).toMatchObject({ new: 0, unchanged: 1, fixed: [expect.objectContaining({ ruleId: 'right-complaint' })] });
    // The Markdown report (a pull-request comment) says the same.
    const report = (await cli(['--baseline', '.policy-audit-baseline.json', '--format', 'markdown', 'datenschutz.md'], { cwd: dir })).stdout;
    expect(report).toContain('0 neu, 1 aus der Baseline (nicht aufgeführt), 1 seitdem behoben.');
    expect(report).toMatch(/- ✅ behoben: .*`right-complaint`/u);
  });

  it('fails on a new problem only, and marks only it new', async () => {
    const { dir } = workspace(BASE);
    await cli(['--format', 'json', '-o', join(dir, 'baseline.json'), 'datenschutz.md'], { cwd: dir });
    writeFileSync(join(dir, 'datenschutz.md'), BASE + GOOGLE_FONTS);
    const r = await cli(['--baseline', 'baseline.json', '--format', 'json', 'datenschutz.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as JsonFile[];
    expect(json[0]!.messages.length).toBeGreaterThan(0);
    expect(json[0]!.messages.every((m) => m.vendor === 'Google Fonts')).toBe(true);
    expect(json[0]!.suppressedMessages.map((m) => m.ruleId)).toEqual(['controller-identity']);
    const sarif = JSON.parse((await cli(['--baseline', 'baseline.json', '--format', 'sarif', '--include-suppressed', 'datenschutz.md'], { cwd: dir })).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; baselineState?: string }> }>;
    };
    const states = sarif.runs[0]!.results.map((x) => `${x.ruleId}:${x.baselineState}`);
    expect(states).toContain('controller-identity:unchanged');
    expect(states.filter((s) => s.endsWith(':new')).length).toBe(json[0]!.messages.length);
  });

  it('matches a baseline written in another checkout by the path relative to the working directory', async () => {
    const { dir } = workspace(BASE);
    const written = JSON.parse((await cli(['--format', 'json', 'datenschutz.md'], { cwd: dir })).stdout) as JsonFile[];
    written[0]!.filePath = '/home/runner/work/site/site/datenschutz.md';
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify(written));
    expect((await cli(['--baseline', 'baseline.json', 'datenschutz.md'], { cwd: dir })).code).toBe(0);
  });

  it('refuses a broken baseline with one line and exit code 2', async () => {
    const { dir } = workspace(BASE);
    for (const [content, says] of [
      ['{"not": "a report"', 'invalid baseline: not a policy-audit JSON report'],
      ['[{"filePath": "x.md", "messages": [{"ruleId": "controller-identity"}]}]', 'has no "fingerprint"'],
    ] as const) {
      writeFileSync(join(dir, 'bad.json'), content);
      const r = await cli(['--baseline', 'bad.json', 'datenschutz.md'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(says);
      expect(r.stderr).toContain('bad.json');
    }
    const missing = await cli(['--baseline', 'nope.json', 'datenschutz.md'], { cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('nope.json: cannot read the baseline: no such file') });
  });
});
