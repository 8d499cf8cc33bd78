/**
 * The pre-commit round trip: Debian's pre-commit installs policy-audit from
 * this repository through .pre-commit-hooks.yaml and refuses a commit of a
 * policy with missing rights (scripts/pre-commit-roundtrip.sh).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const canRun = spawnSync('sh', ['-c', 'command -v pre-commit || { [ "$(id -u)" = 0 ] && command -v apt-get; }'], { encoding: 'utf8' }).status === 0;
const inGit = spawnSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).status === 0;

(canRun && inGit ? it : it.skip)(
  'a commit of a policy with missing rights is refused, a complete one goes through',
  () => {
    const run = spawnSync('bash', [join(ROOT, 'scripts', 'pre-commit-roundtrip.sh')], { encoding: 'utf8', timeout: 600_000 });
    expect({ status: run.status, out: run.stdout.slice(-2000), err: run.stderr.slice(-2000) }).toMatchObject({ status: 0 });
    expect(run.stdout).toContain('refused as expected');
    expect(run.stdout).toContain('right-access');
    expect(run.stdout).toContain('pre-commit round trip passed');
  },
  600_000,
);
