// policy-audit's benchmark (npm run bench). Figures, not pass/fail:
//
//   1. a single-file run of the command against bare `node -e ""` (a pre-commit hook's cost);
//   2. the shared corpus: documents per second in one process (warm), and through the
//      command with --jobs 1 and --jobs 2;
//   3. parsing alone (rehype-parse, remark-parse with the extensions policy-audit uses)
//      against the full audit of the same HTML and Markdown files;
//   4. a generated set (default 10,000 documents built from the corpus): documents per
//      second with --jobs 1 and --jobs 2 (--format jsonl), and the peak resident memory.
//
//   node scripts/bench.mjs [--generated N] [--runs R]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = join(root, '..', 'shared', 'corpus', 'docs');
const cli = join(root, 'dist', 'cli.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const generatedCount = arg('--generated', 10000);
const runs = arg('--runs', 11);
const { audit } = await import(join(root, 'dist', 'index.js'));
// The parsers exactly as policy-audit configures them.
const { markdownProcessor } = await import(join(root, 'dist', 'parse', 'markdown.js'));
const { parseHtmlTree } = await import(join(root, 'dist', 'parse', 'html.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
const hasTime = existsSync('/usr/bin/time');
/** Wall seconds and peak RSS (MB, from /usr/bin/time where there is one) of a command run. */
function measure(args) {
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1e9 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1e9 });
  const seconds = (performance.now() - t0) / 1000;
  const kb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, rssMb: kb / 1024 };
}

const files = readdirSync(corpusDir).sort().map((f) => join(corpusDir, f));
const formatOf = (f) => (extname(f) === '.html' ? 'html' : extname(f) === '.md' ? 'markdown' : 'text');
const texts = files.map((f) => ({ f, text: readFileSync(f, 'utf8'), format: formatOf(f) }));
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const lines = [];
const say = (line) => {
  lines.push(line);
  console.log(line);
};
say(`policy-audit benchmark (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores, ${texts.length} corpus documents)`);

// 1. Single file. The first run writes the code cache; the timed runs use it, as a hook does.
spawnSync(process.execPath, [cli, files[0], '--format', 'json']);
const bare = median(Array.from({ length: runs }, () => time(() => spawnSync(process.execPath, ['-e', '']))));
const one = median(Array.from({ length: runs }, () => time(() => spawnSync(process.execPath, [cli, files[0], '--format', 'json']))));
say(`single file          ${fmt(one)} ms, bare node ${fmt(bare)} ms: +${fmt(one - bare)} ms            (target: +300 ms at most)`);

// 2. The corpus in one process, warm, and through the command.
for (const t of texts) audit(t.text, { filePath: t.f, format: t.format });
const rounds = Array.from({ length: 5 }, () => time(() => texts.forEach((t) => audit(t.text, { filePath: t.f, format: t.format }))));
const warm = texts.length / (median(rounds) / 1000);
say(`corpus, in process   ${fmt(warm)} documents/s on one core (warm)               (target: 200 per core)`);
for (const jobs of [1, 2]) {
  const m = measure([cli, corpusDir, '--format', 'json', '--jobs', String(jobs), '-o', join(tmpdir(), `policy-audit-bench-${process.pid}.json`)]);
  say(`corpus, --jobs ${jobs}     ${fmt(texts.length / m.seconds)} documents/s (${fmt(m.seconds, 2)} s with start-up), peak RSS ${fmt(m.rssMb)} MB`);
}
rmSync(join(tmpdir(), `policy-audit-bench-${process.pid}.json`), { force: true });

// 3. Parsing alone against the full audit, on the HTML and Markdown files.
const parsed = texts.filter((t) => t.format !== 'text');
// Rounds alternate, so that a busy moment of the machine falls on both alike.
const parseRounds = [];
const auditRounds = [];
for (let r = 0; r < 9; r++) {
  parseRounds.push(time(() => parsed.forEach((t) => (t.format === 'html' ? parseHtmlTree(t.text) : markdownProcessor.parse(t.text)))));
  auditRounds.push(time(() => parsed.forEach((t) => audit(t.text, { filePath: t.f, format: t.format }))));
}
const parseMs = median(parseRounds);
const auditMs = median(auditRounds);
say(`audit vs parse       ${fmt(auditMs)} ms against ${fmt(parseMs)} ms parse-only for ${parsed.length} HTML and Markdown files: ${fmt(auditMs / parseMs, 2)}x   (target: 2x at most)`);

// 4. A generated set: corpus documents, each with a line of its own.
if (generatedCount > 0) {
  const genDir = join(tmpdir(), `policy-audit-bench-${process.pid}`);
  rmSync(genDir, { recursive: true, force: true });
  mkdirSync(genDir, { recursive: true });
  for (let i = 0; i < generatedCount; i++) {
    const t = texts[i % texts.length];
    const marker = t.format === 'html' ? `<!-- generated ${i} -->\n` : t.format === 'markdown' ? `<!-- generated ${i} -->\n\n` : `Fassung ${i}\n\n`;
    writeFileSync(join(genDir, `doc-${String(i).padStart(6, '0')}${extname(t.f)}`), marker + t.text);
  }
  const report = join(tmpdir(), `policy-audit-bench-${process.pid}.jsonl`);
  for (const jobs of [1, 2]) {
    const m = measure([cli, genDir, '--format', 'jsonl', '--jobs', String(jobs), '-o', report]);
    const linesOut = readFileSync(report, 'utf8').trimEnd().split('\n').length;
    say(`generated, --jobs ${jobs}  ${generatedCount} documents (${linesOut} report lines) in ${fmt(m.seconds, 1)} s: ${fmt(generatedCount / m.seconds)} documents/s, peak RSS ${fmt(m.rssMb)} MB   (target: 200 MB)`);
  }
  rmSync(report, { force: true });
  rmSync(genDir, { recursive: true, force: true });
}
writeFileSync(join(root, 'bench-results.txt'), `${lines.join('\n')}\n`);
