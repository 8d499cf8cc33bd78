/**
 * The README's way past one machine, run for real: GNU parallel (installed by .ci/run) runs one
 * `--shard K/N` job per slot on this machine, the JSONL parts are concatenated, and together they
 * hold exactly the results of a single run, each file once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './helpers.js';

const hasParallel = spawnSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' }).status === 0;
const why = hasParallel ? '' : ' (skipped: GNU parallel is not installed; .ci/run installs it)';
const CLI = join(ROOT, 'dist', 'cli.js');
const CORPUS = join(FIXTURES, 'rules');

/** One result line per file, keyed by path, without the time it took. */
function byFile(jsonl: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of jsonl.split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as { filePath: string } & Record<string, unknown>;
    expect(out.has(r.filePath)).toBe(false);
    out.set(r.filePath, JSON.stringify({ ...r, elapsedMs: undefined, stats: undefined }));
  }
  return out;
}

(hasParallel ? it : it.skip)(
  `shards run by GNU parallel merge by concatenation into the single run's results${why}`,
  () => {
    const work = mkdtempSync(join(tmpdir(), 'policy-audit-shards-'));
    try {
      const shards = 3;
      const run = spawnSync(
        'parallel',
        ['--will-cite', '--jobs', '2', `node ${CLI} ${CORPUS} --all-files --format jsonl --shard {}/${shards} > ${work}/part-{}.jsonl; test $? -le 1`, ':::', ...Array.from({ length: shards }, (_, i) => String(i + 1))],
        { encoding: 'utf8', timeout: 300_000 },
      );
      expect({ status: run.status, err: run.stderr.slice(-2000) }).toMatchObject({ status: 0 });
      const parts = readdirSync(work).filter((f) => f.startsWith('part-')).sort();
      expect(parts).toHaveLength(shards);
      const merged = parts.map((f) => readFileSync(join(work, f), 'utf8')).join('');
      const single = spawnSync('node', [CLI, CORPUS, '--all-files', '--format', 'jsonl'], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000 });
      expect(single.status).toBeLessThanOrEqual(1);
      const whole = byFile(single.stdout);
      const together = byFile(merged);
      expect(whole.size).toBeGreaterThan(100);
      // Every shard got some of the files, and together they are the single run, file by file.
      for (const f of parts) expect(readFileSync(join(work, f), 'utf8').trim().length).toBeGreaterThan(0);
      expect([...together.keys()].sort()).toEqual([...whole.keys()].sort());
      for (const [path, result] of whole) expect(together.get(path)).toBe(result);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
  600_000,
);
