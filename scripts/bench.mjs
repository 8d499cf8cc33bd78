// policy-audit's benchmark (npm run bench): throughput on the shared corpus and on a
// generated set built from it, single-file latency against bare Node start-up, the cost
// of parsing alone against the full audit, and peak memory. Figures, not pass/fail.
//
//   node scripts/bench.mjs [--generated N]   (default N = 10000)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import rehypeParse from 'rehype-parse';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = join(root, '..', 'shared', 'corpus', 'docs');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const generatedCount = arg('--generated', 10000);
const { auditFile, audit } = await import(join(root, 'dist', 'index.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
const files = readdirSync(corpusDir).sort().map((f) => join(corpusDir, f));
const texts = files.map((f) => ({ f, text: readFileSync(f, 'utf8'), ext: extname(f) }));

// 1. Single file: the CLI against bare Node start-up (a pre-commit hook's cost).
const bare = median(Array.from({ length: 7 }, () => time(() => spawnSync(process.execPath, ['-e', '']))));
const one = median(Array.from({ length: 7 }, () => time(() => spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), files[0], '--format', 'json']))));

// 2. Throughput on the corpus, in process (warm), and parse-only time on the same texts.
for (const t of texts) await auditFile(t.f); // warm-up: rules, catalog, JIT
const rounds = 5;
const auditMs = time(() => {
  for (let r = 0; r < rounds; r++) for (const t of texts) audit(t.text, { filePath: t.f, format: t.ext === '.html' ? 'html' : t.ext === '.md' ? 'markdown' : 'text' });
});
const html = unified().use(rehypeParse);
const md = unified().use(remarkParse);
const parseMs = time(() => {
  for (let r = 0; r < rounds; r++) for (const t of texts) (t.ext === '.html' ? html : t.ext === '.md' ? md : null)?.parse(t.text);
});
const docsPerSecond = (rounds * texts.length) / (auditMs / 1000);

// 3. A generated set: corpus documents with varied names and a line of their own each.
const genDir = join(tmpdir(), `policy-audit-bench-${process.pid}`);
rmSync(genDir, { recursive: true, force: true });
mkdirSync(genDir, { recursive: true });
for (let i = 0; i < generatedCount; i++) {
  const t = texts[i % texts.length];
  const marker = t.ext === '.html' ? `<!-- generated ${i} -->\n` : t.ext === '.md' ? `<!-- generated ${i} -->\n\n` : '';
  writeFileSync(join(genDir, `doc-${String(i).padStart(6, '0')}${t.ext}`), marker + t.text);
}
const genStart = performance.now();
const gen = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'dist', 'cli.js'), genDir, '--format', 'json', '-o', join(genDir, 'report.json')], { encoding: 'utf8', maxBuffer: 1e9 });
const genSeconds = (performance.now() - genStart) / 1000;
const peakKb = Number((gen.stderr.trim().split('\n').pop() ?? '').trim());
rmSync(genDir, { recursive: true, force: true });

const fmt = (n, d = 0) => n.toFixed(d);
console.log(`policy-audit benchmark (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${texts.length} corpus documents)`);
console.log(`single file        : ${fmt(one)} ms (bare node: ${fmt(bare)} ms, +${fmt(one - bare)} ms)   target: +300 ms at most`);
console.log(`corpus, in process : ${fmt(docsPerSecond)} documents/s on one core          target: 200 documents/s per core`);
console.log(`audit vs parse     : ${fmt(auditMs / rounds)} ms against ${fmt(parseMs / rounds)} ms parse-only (${fmt(auditMs / parseMs, 2)}x)   target: 2x at most`);
console.log(`generated set      : ${generatedCount} documents in ${fmt(genSeconds, 1)} s (${fmt(generatedCount / genSeconds)} documents/s, CLI, one process), peak RSS ${fmt(peakKb / 1024)} MB   target: 200 MB`);
