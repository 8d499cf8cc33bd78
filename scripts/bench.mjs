// policy-audit's benchmark (npm run bench). Figures, not pass/fail, against the targets
// of policy-audit's speed work:
//
//   1. a single-file run of the command against bare `node -e ""` (a pre-commit hook's cost),
//      and beside it remark-lint, markdownlint-cli2 and textlint on the same file, installed
//      into a temporary folder from the registry (skipped, saying so, where that fails);
//   2. the shared corpus: documents per second in one process (warm), and through the
//      command with --jobs 1 and --jobs 2;
//   3. parsing alone (rehype-parse, remark-parse with the extensions policy-audit uses)
//      against the full audit of the same HTML and Markdown files;
//   4. growth with size: corpus policies concatenated to 2, 4 and 8 MB of text, HTML and
//      Markdown, one command run each: time, peak memory and memory per MB of input;
//   5. output identity: every corpus document's JSON result (without timings) against the
//      digests in bench/corpus-output.json, so a speed change that alters a finding shows;
//      --update-output writes the digests anew (for a change meant to alter findings);
//   6. a generated set (default 10,000 documents built from the corpus): documents per
//      second with --jobs 1 and --jobs 2 (--format jsonl), and the peak resident memory.
//
//   node scripts/bench.mjs [--generated N] [--runs R] [--sizes 2,4,8] [--no-compare]
//                          [--update-output]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
const flag = (name) => process.argv.includes(name);
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg < 0 ? [2, 4, 8] : process.argv[sizesArg + 1].split(',').map(Number).filter((n) => n > 0);
// The V8 settings of the command, so that the in-process figures are the command's.
const { applyV8Flags } = await import(join(root, 'dist', 'v8-flags.js'));
applyV8Flags();
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
say(`single file          ${fmt(one)} ms, bare node ${fmt(bare)} ms: +${fmt(one - bare)} ms            (target: +200 ms at most)`);
if (!flag('--no-compare')) compareLinters();

/** The linters a team would compare policy-audit with, each on one file of its kind, timed alike. */
function compareLinters() {
  const dir = join(tmpdir(), 'policy-audit-bench-linters');
  const tools = ['remark-cli@12', 'remark-preset-lint-recommended@7', 'markdownlint-cli2@0.18', 'textlint@15'];
  if (!existsSync(join(dir, 'node_modules', '.bin', 'textlint'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tools], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    if (install.status !== 0) {
      say(`other linters        skipped: installing ${tools.join(', ')} into ${dir} failed (${(install.stderr || '').trim().split('\n').pop() ?? ''})`);
      return;
    }
  }
  const bin = (name) => join(dir, 'node_modules', '.bin', name);
  const md = files.find((f) => f.endsWith('.md'));
  const html = files.find((f) => f.endsWith('.html'));
  writeFileSync(join(dir, '.remarkrc.json'), '{"plugins":["remark-preset-lint-recommended"]}');
  writeFileSync(join(dir, '.textlintrc.json'), '{"rules":{}}');
  const timed = (cmd, args) => {
    spawnSync(cmd, args, { cwd: dir });
    return median(Array.from({ length: runs }, () => time(() => spawnSync(cmd, args, { cwd: dir }))));
  };
  const ours = (f) => timed(process.execPath, [cli, f, '--format', 'json']);
  const pairs = [
    ['remark-lint', md, timed(bin('remark'), ['--quiet', '--frail', md])],
    ['markdownlint-cli2', md, timed(bin('markdownlint-cli2'), [md])],
    ['textlint', html, timed(bin('textlint'), ['--no-color', html])],
  ];
  const oursByFile = new Map([md, html].map((f) => [f, ours(f)]));
  for (const [name, f, ms] of pairs) {
    const mine = oursByFile.get(f);
    say(`against ${name.padEnd(17)} ${fmt(mine)} ms against ${fmt(ms)} ms on ${f.split('/').pop()}: ${fmt(mine / ms, 2)}x   (target: 1x at most)`);
  }
}

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
say(`audit vs parse       ${fmt(auditMs)} ms against ${fmt(parseMs)} ms parse-only for ${parsed.length} HTML and Markdown files: ${fmt(auditMs / parseMs, 2)}x   (target: 1.5x at most)`);

// 4. Growth with size: corpus policies of one kind, concatenated until the size is reached.
if (sizes.length > 0) {
  const sizeDir = join(tmpdir(), `policy-audit-bench-size-${process.pid}`);
  mkdirSync(sizeDir, { recursive: true });
  for (const format of ['text', 'html', 'markdown']) {
    const ext = format === 'text' ? '.txt' : format === 'html' ? '.html' : '.md';
    // Text from every corpus document, so that text is not only the few .txt files.
    const pool = format === 'text' ? texts.map((t) => t.text.replace(/<[^>]*>/g, ' ')) : texts.filter((t) => t.format === format).map((t) => t.text);
    const row = [];
    for (const mb of sizes) {
      const target = mb * 1024 * 1024;
      const parts = [];
      let length = 0;
      for (let i = 0; length < target; i++) {
        parts.push(pool[i % pool.length]);
        length += Buffer.byteLength(pool[i % pool.length]);
      }
      const file = join(sizeDir, `${mb}mb${ext}`);
      writeFileSync(file, parts.join('\n\n'));
      const m = measure([cli, file, '--format', 'json', '--max-time', '3600', '--max-file-size', String(mb + 1), '-o', join(sizeDir, 'out.json')]);
      row.push({ mb, ...m });
      rmSync(file, { force: true });
    }
    const cells = row.map((r) => `${r.mb} MB ${fmt(r.seconds, 1)} s ${fmt(r.rssMb)} MB (${fmt(r.rssMb / r.mb)}/MB)`).join(', ');
    const first = row[0];
    const last = row[row.length - 1];
    const growth = last.seconds / first.seconds;
    // The target as stated: 2.2x per doubling, 4.4x from 2 to 8 MB.
    const allowed = 2.2 * Math.log2(last.mb / first.mb);
    say(`size, ${format.padEnd(8)}      ${cells}; ${first.mb}->${last.mb} MB ${fmt(growth, 1)}x   (target: ${fmt(allowed, 1)}x, 60 MB per MB${format === 'text' ? ', 8 MB in 15 s' : ''})`);
  }
  rmSync(sizeDir, { recursive: true, force: true });
}

// 5. Output identity on the corpus: the same findings, byte for byte, as the recorded digests.
{
  const digestFile = join(root, 'bench', 'corpus-output.json');
  const digests = {};
  for (const t of texts) {
    const result = audit(t.text, { filePath: t.f.slice(corpusDir.length + 1), format: t.format });
    digests[t.f.slice(corpusDir.length + 1)] = createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 16);
  }
  if (flag('--update-output') || !existsSync(digestFile)) {
    mkdirSync(dirname(digestFile), { recursive: true });
    writeFileSync(digestFile, `${JSON.stringify(digests, null, 1)}\n`);
    say(`output identity      digests of ${texts.length} corpus results written to bench/corpus-output.json`);
  } else {
    const recorded = JSON.parse(readFileSync(digestFile, 'utf8'));
    const names = [...new Set([...Object.keys(recorded), ...Object.keys(digests)])].sort();
    const differ = names.filter((n) => recorded[n] !== digests[n]);
    say(
      differ.length === 0
        ? `output identity      ${names.length} of ${names.length} corpus results byte-identical to bench/corpus-output.json`
        : `output identity      ${differ.length} of ${names.length} corpus results differ from bench/corpus-output.json: ${differ.join(', ')} (run with --update-output if the change is meant to alter them)`,
    );
  }
}

// 6. A generated set: corpus documents, each with a line of its own.
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
