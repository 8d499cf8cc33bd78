/**
 * The pre-commit round trip: pre-commit (installed by .ci/run) installs policy-audit from
 * this repository through .pre-commit-hooks.yaml and refuses a commit of a
 * policy with missing rights (scripts/pre-commit-roundtrip.sh).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const hasPreCommit = spawnSync('sh', ['-c', 'command -v pre-commit'], { encoding: 'utf8' }).status === 0;
const inGit = spawnSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).status === 0;
const why = !hasPreCommit ? ' (skipped: pre-commit is not installed; .ci/run installs it)' : !inGit ? ' (skipped: the checkout is not a git repository)' : '';

(why === '' ? it : it.skip)(
  `a commit of a policy with missing rights is refused, a README and a complete policy go through${why}`,
  () => {
    const run = spawnSync('bash', [join(ROOT, 'scripts', 'pre-commit-roundtrip.sh')], { encoding: 'utf8', timeout: 600_000 });
    expect({ status: run.status, out: run.stdout.slice(-2000), err: run.stderr.slice(-2000) }).toMatchObject({ status: 0 });
    expect(run.stdout).toContain('refused as expected');
    expect(run.stdout).toContain('right-access');
    expect(run.stdout).toContain('README and blog post committed');
    expect(run.stdout).toContain('pre-commit round trip passed');
  },
  600_000,
);
