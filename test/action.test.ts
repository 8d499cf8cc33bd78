/**
 * The composite action, run as GitHub's runner runs it: each `run:` step through
 * `bash --noprofile --norc -eo pipefail`, its `${{ inputs.* }}` filled in, with
 * NODE_ENV=production and only the files the repository tracks (no node_modules):
 * nothing is installed or built, globs reach policy-audit unexpanded.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { FIXTURES, ROOT } from './helpers.js';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const BUNDLE = ['dist/cli.js', 'dist/cli.cjs', 'dist/worker.js', 'dist/builtin-data.json'];
const tracked = spawnSync('git', ['-C', ROOT, 'ls-files', '-z'], { encoding: 'utf8' });
const inGit = tracked.status === 0 && tracked.stdout.includes('action.yml');
const why = inGit ? '' : ' (skipped: the checkout is not a git repository, so what the action ships cannot be told)';

/** A copy of what the action ships: the tracked files, nothing installed. */
function actionCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-action-'));
  for (const f of tracked.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  return dir;
}

/** Runs the action's steps like the runner; `uses:` steps must be skipped by their `if`. */
function runAction(inputs: Record<string, string>, workspace: string, actionPath: string): { code: number; stdout: string; stderr: string; ms: number } {
  const action = yaml.load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
  expect(action.runs.using).toBe('composite');
  const values = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...inputs };
  const outputs: Record<string, Record<string, string>> = {};
  const expr = (s: string): string =>
    s.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/gu, (_, k: string) => values[k] ?? '').replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/gu, (_, id: string, k: string) => outputs[id]?.[k] ?? '');
  let stdout = '';
  let stderr = '';
  const t0 = performance.now();
  for (const step of action.runs.steps) {
    if (step.if !== undefined) {
      const m = /^steps\.([\w-]+)\.outputs\.([\w-]+) == '([^']*)'$/u.exec(step.if.trim());
      expect(m).not.toBeNull();
      if ((outputs[m![1]!]?.[m![2]!] ?? '') !== m![3]) continue;
    }
    // This machine's Node (>= 20.19) is the caller's: the action must not set up another.
    expect(step.uses).toBeUndefined();
    const out = join(workspace, `.github-output-${step.id ?? 'x'}`);
    writeFileSync(out, '');
    const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? workspace, NODE_ENV: 'production', GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: out, GITHUB_WORKSPACE: workspace, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(v)])) };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: workspace, env, encoding: 'utf8' });
    stdout += r.stdout;
    stderr += r.stderr;
    if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => l.split('=', 2) as [string, string]));
    if (r.status !== 0) return { code: r.status ?? 1, stdout, stderr, ms: performance.now() - t0 };
  }
  return { code: 0, stdout, stderr, ms: performance.now() - t0 };
}

(inGit ? describe : describe.skip)(`the GitHub Action${why}`, () => {
  it('ships the command built from the current sources', () => {
    // `npm test` builds first; the committed bundle must be what the build makes.
    const diff = spawnSync('git', ['-C', ROOT, 'diff', '--stat', '--', ...BUNDLE], { encoding: 'utf8' });
    const hint = 'the built command differs from the committed one: commit dist/cli.js, dist/cli.cjs, dist/worker.js and dist/builtin-data.json with the sources';
    expect({ stale: diff.stdout, hint }).toEqual({ stale: '', hint });
    const untracked = spawnSync('git', ['-C', ROOT, 'ls-files', '--error-unmatch', ...BUNDLE], { encoding: 'utf8' });
    expect(untracked.status).toBe(0);
  });

  it('audits a glob input as policy-audit expands it, under NODE_ENV=production, installing nothing', () => {
    const actionPath = actionCopy();
    expect(existsSync(join(actionPath, 'node_modules'))).toBe(false);
    const workspace = mkdtempSync(join(tmpdir(), 'pa-workspace-'));
    const policy = readFileSync(join(FIXTURES, 'cli', 'missing-controller-de.md'), 'utf8');
    for (const p of ['content/de/datenschutz.md', 'content/at/datenschutzerklaerung.md', 'content/README.md']) {
      mkdirSync(dirname(join(workspace, p)), { recursive: true });
      writeFileSync(join(workspace, p), p.endsWith('README.md') ? '# Content\n\nPages of the site.\n' : policy);
    }
    const r = runAction({ files: 'content/**/datenschutz*.md', 'sarif-file': 'policy.sarif' }, workspace, actionPath);
    expect(r.stderr).toBe('');
    // Errors found: the step fails, as fail-on: error asks.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error file=content/de/datenschutz.md,');
    expect(r.stdout).toContain('::error file=content/at/datenschutzerklaerung.md,');
    const sarif = JSON.parse(readFileSync(join(workspace, 'policy.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const uris = new Set(sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['content/at/datenschutzerklaerung.md', 'content/de/datenschutz.md']);
    // fail-on: never lets the step pass with the same findings.
    expect(runAction({ files: 'content/**/datenschutz*.md', 'fail-on': 'never' }, workspace, actionPath).code).toBe(0);
  });
});
