/**
 * The Kubernetes Indexed Job in examples/ is a real manifest: it is valid against the Job schema
 * (the Kubernetes OpenAPI schema, as packaged by kubernetes-models), and the command its pods run,
 * given each completion index, audits disjoint parts that together are a single run's results.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { FIXTURES, ROOT } from './helpers.js';

const MANIFEST = join(ROOT, 'examples', 'kubernetes', 'indexed-job.yaml');
type Manifest = {
  spec: {
    completionMode: string;
    completions: number;
    template: { spec: { containers: { command: string[]; args: string[]; workingDir: string }[] } };
  };
};
const manifest = yaml.load(readFileSync(MANIFEST, 'utf8')) as Manifest;

describe('Kubernetes Indexed Job example', () => {
  it('validates against the batch/v1 Job schema', () => {
    expect(() => new Job(manifest as never).validate()).not.toThrow();
  });

  it('the schema check is real: a wrong field type is refused', () => {
    const broken = JSON.parse(JSON.stringify(manifest)) as { spec: Record<string, unknown> };
    broken.spec.completions = 'four';
    expect(() => new Job(broken as never).validate()).toThrow(/completions/);
  });

  it('is indexed, and its shard count is its number of completions', () => {
    expect(manifest.spec.completionMode).toBe('Indexed');
    const script = manifest.spec.template.spec.containers[0]!.args.join(' ');
    const shard = /--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/(\d+)"/.exec(script);
    expect(shard?.[1]).toBe(String(manifest.spec.completions));
  });

  it("each pod's command, run here with its index, gives parts that merge into the single run", () => {
    const work = mkdtempSync(join(tmpdir(), 'policy-audit-k8s-'));
    try {
      // The pod's file system: the checkout at /opt/policy-audit and the data claim at /data.
      const opt = join(work, 'opt');
      symlinkSync(ROOT, opt);
      mkdirSync(join(work, 'data'));
      for (const dir of ['real', 'jurisdictions']) cpSync(join(FIXTURES, dir), join(work, 'data', 'corpus', dir), { recursive: true });
      const container = manifest.spec.template.spec.containers[0]!;
      const script = container.args.join(' ').replaceAll('/data/', `${work}/data/`);
      expect(container.workingDir).toBe('/opt/policy-audit');
      for (let index = 0; index < manifest.spec.completions; index++) {
        const run = spawnSync(container.command[0]!, [...container.command.slice(1), script], {
          cwd: opt,
          env: { ...process.env, JOB_COMPLETION_INDEX: String(index) },
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect({ index, status: run.status, err: run.stderr }).toMatchObject({ index, status: 0 });
      }
      const out = join(work, 'data', 'out');
      const parts = readdirSync(out).sort();
      expect(parts).toEqual(Array.from({ length: manifest.spec.completions }, (_, i) => `part-${i}.jsonl`));
      // One result per file, without the time it took.
      const files = (text: string) =>
        text.split('\n').filter(Boolean).map((l) => {
          const r = JSON.parse(l) as { filePath: string } & Record<string, unknown>;
          return JSON.stringify({ ...r, elapsedMs: undefined, stats: undefined });
        });
      const merged = parts.flatMap((p) => files(readFileSync(join(out, p), 'utf8')));
      const single = spawnSync('node', [join(ROOT, 'dist', 'cli.js'), join(work, 'data', 'corpus'), '--format', 'jsonl', '--fail-on', 'never'], {
        cwd: opt,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(single.status).toBe(0);
      const whole = files(single.stdout);
      expect(whole.length).toBe(6);
      for (const p of parts) expect(readFileSync(join(out, p), 'utf8').trim().length).toBeGreaterThan(0);
      expect([...merged].sort()).toEqual([...whole].sort());
      expect(new Set(merged).size).toBe(merged.length);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
