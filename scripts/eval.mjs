// npm run eval: precision and recall of policy-audit on the labelled corpus in ../shared/corpus,
// through the corpus's own scorer. Where the corpus is not beside the checkout, say so in one line.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scorer = join(root, '..', 'shared', 'corpus', 'score.mjs');
if (!existsSync(scorer)) {
  console.error(`policy-audit eval: no labelled corpus at ${join('..', 'shared', 'corpus')} beside this checkout; nothing to measure`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [scorer, ...process.argv.slice(2), '--', process.execPath, join(root, 'dist', 'cli.js'), '--format', 'json'], { stdio: 'inherit' });
process.exit(r.status ?? 2);
