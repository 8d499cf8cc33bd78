import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditPool } from '../src/pool.js';
import { FIXTURES } from './helpers.js';

describe('worker pool (--jobs)', () => {
  it('audits files on workers like the main thread does', async () => {
    const pool = new AuditPool(2);
    try {
      const file = join(FIXTURES, 'cli', 'missing-controller-de.md');
      const [a, b, missing] = await Promise.all([pool.audit(file, {}), pool.audit(file, { rules: { 'controller-identity': 'off' } }), pool.audit('nope.md', {})]);
      expect(a.findings.some((f) => f.ruleId === 'controller-identity')).toBe(true);
      expect(b.findings.some((f) => f.ruleId === 'controller-identity')).toBe(false);
      expect(missing).toMatchObject({ filePath: 'nope.md', fatal: 'no such file or directory' });
    } finally {
      await pool.close();
    }
  });

  it('fails only the file whose worker died, and goes on with a new worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-pool-'));
    const script = join(dir, 'worker.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (t) => {
  if (t.path.includes('crash')) process.exit(3);
  parentPort.postMessage({ id: t.id, result: { filePath: t.path, findings: [] } });
});`,
    );
    const pool = new AuditPool(1, script);
    try {
      const results = await Promise.all(['a.md', 'crash.md', 'b.md'].map((p) => pool.audit(p, {})));
      expect(results).toEqual([
        { filePath: 'a.md', findings: [] },
        { filePath: 'crash.md', findings: [], fatal: 'internal error: the audit stopped (worker exited with code 3)' },
        { filePath: 'b.md', findings: [] },
      ]);
    } finally {
      await pool.close();
    }
  });

  it('gives up, with a fatal result per file, when no worker can even start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-pool-'));
    const script = join(dir, 'broken.mjs');
    writeFileSync(script, 'throw new Error("cannot start");\n');
    const pool = new AuditPool(2, script);
    try {
      const results = await Promise.all(['a.md', 'b.md', 'c.md'].map((p) => pool.audit(p, {})));
      expect(results.map((r) => r.filePath)).toEqual(['a.md', 'b.md', 'c.md']);
      for (const r of results) expect(r.fatal).toMatch(/^internal error: (the audit stopped|no worker could run)/);
    } finally {
      await pool.close();
    }
  });
});
